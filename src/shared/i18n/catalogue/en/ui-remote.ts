/** The renderer's text: remote. */
export const uiRemote = {} as const;
