import type { Translation } from '../catalogue';
import type { uiRemote as source } from '../en/ui-remote';

export const uiRemote: Translation<typeof source> = {};
