import type { Translation } from '../catalogue';
import type { uiApp as source } from '../en/ui-app';

export const uiApp: Translation<typeof source> = {};
