import type { Translation } from '../catalogue';
import type { ui as source } from '../en/ui';

export const ui: Translation<typeof source> = {};
