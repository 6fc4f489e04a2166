/** The renderer's text: assist. */
export const uiAssist = {} as const;
