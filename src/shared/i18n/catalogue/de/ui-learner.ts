import type { Translation } from '../catalogue';
import type { uiLearner as source } from '../en/ui-learner';

export const uiLearner: Translation<typeof source> = {};
