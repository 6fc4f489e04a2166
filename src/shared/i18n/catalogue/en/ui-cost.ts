/** The renderer's text: cost. */
export const uiCost = {} as const;
