/** The renderer's text: assist. */
export const uiAssist = {
  assist: {
    /** The instructor's side, in a lab's detail. */
    detail: {
      open: 'Assist (read-write shell)',
      stop: 'Stop assisting',
      terminalLabel: 'Read-write shell on the lab of {{learner}}',
      loading: 'Loading the terminal…',
      notice: 'You are typing in the lab of {{learner}} as {{by}}. They see that you are connected.',
    },
    log: {
      title: 'Assists',
      empty: 'No assists in this lab yet.',
      entry: '{{by}} from {{start}} to {{end}}',
      entryOpen: '{{by}} since {{start}}',
      failed: 'The assists could not be read: {{message}}',
    },
    /** The learner's side, on the lab screen. */
    learner: {
      connected: 'Your instructor is connected',
      who: '— {{by}}, since {{since}}.',
      explain: 'They can see and type in your lab’s shell.',
    },
  },
} as const;
