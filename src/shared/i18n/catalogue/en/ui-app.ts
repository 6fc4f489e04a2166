/** The renderer's text: app. */
export const uiApp = {} as const;
