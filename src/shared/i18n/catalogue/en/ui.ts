/** The renderer's text. */
export const ui = {} as const;
