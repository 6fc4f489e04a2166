import type { Translation } from '../catalogue';
import type { ui as source } from '../en/ui';
import { uiApp } from './ui-app';
import { uiAssist } from './ui-assist';
import { uiCost } from './ui-cost';
import { uiLearner } from './ui-learner';
import { uiRemote } from './ui-remote';

export const ui: Translation<typeof source> = { ...uiApp, ...uiLearner, ...uiRemote, ...uiAssist, ...uiCost };
