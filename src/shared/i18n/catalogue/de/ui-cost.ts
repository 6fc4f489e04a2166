import type { Translation } from '../catalogue';
import type { uiCost as source } from '../en/ui-cost';

export const uiCost: Translation<typeof source> = {};
