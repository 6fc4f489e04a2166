/** The command line's text. */
export const cli = {} as const;
