/** The renderer's text: learner. */
export const uiLearner = {} as const;
