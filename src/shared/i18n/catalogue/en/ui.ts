import { uiApp } from './ui-app';
import { uiAssist } from './ui-assist';
import { uiCost } from './ui-cost';
import { uiLearner } from './ui-learner';
import { uiRemote } from './ui-remote';

/**
 * The renderer's text, one file per area (each with its own top-level keys): the app's frame,
 * settings and instructor screens; the learner's course and lab; the remote views (terminal,
 * desktop, VNC); the instructor's assist shell; cost.
 */
export const ui = { ...uiApp, ...uiLearner, ...uiRemote, ...uiAssist, ...uiCost } as const;
