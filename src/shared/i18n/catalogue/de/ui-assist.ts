import type { Translation } from '../catalogue';
import type { uiAssist as source } from '../en/ui-assist';

export const uiAssist: Translation<typeof source> = {};
