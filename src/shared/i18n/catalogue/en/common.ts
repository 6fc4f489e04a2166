/** Words both the UI and the CLI show (lab states, units, formatted values), and the desktop shell's. */
export const common = {
  appName: 'Lab Console',
  // Intl does the formatting: pass `formatParams: { amount: { currency } }` (the rate's own currency).
  money: '{{amount, currency}}',
  number: '{{value, number}}',
  dateTime: '{{when, datetime}}',
  // A lab's state as a person reads it first (src/shared/labs/lab-words.ts); Heat's own states stay as they are.
  labState: {
    running: 'Running',
    suspended: 'Suspended',
    starting: 'Starting…',
    suspending: 'Suspending…',
    resuming: 'Resuming…',
    deleting: 'Deleting…',
    updating: 'Updating…',
    checking: 'Checking…',
    working: 'Working…',
    failed: 'Failed',
    noLab: 'No lab',
    deleted: 'Deleted',
  },
  // What a lab job is called in a sentence ("Suspend did not finish").
  labJob: {
    launch: 'Launch',
    resume: 'Resume',
    suspend: 'Suspend',
    delete: 'Delete',
    other: 'The action',
  },
  // The app's commands: the palette, the desktop menu and the tray (src/shared/commands/app-commands.ts).
  command: {
    launch: 'Launch lab',
    suspend: 'Suspend lab',
    resume: 'Resume lab',
    check: 'Check this step',
    newShell: 'New shell',
    find: 'Find in terminal',
    zoomIn: 'Zoom in (terminal text)',
    zoomOut: 'Zoom out (terminal text)',
    zoomReset: 'Actual size (terminal text)',
    settings: 'Settings',
    copyDiagnostics: 'Copy diagnostics',
    palette: 'Command palette…',
  },
  // The desktop application menu's own menus.
  menu: {
    file: 'File',
    edit: 'Edit',
    lab: 'Lab',
    view: 'View',
    window: 'Window',
    help: 'Help',
  },
  notification: {
    // Settings › Notifications: one switch per kind.
    kind: {
      labReady: 'A lab is ready',
      idleSuspendSoon: 'A lab will be suspended in a minute for lack of activity',
      suspended: 'A lab was suspended',
      deleteSoon: 'A suspended lab will be deleted within 3 days',
      checkResult: 'A progress check passed or failed while the window was hidden',
    },
    labReady: {
      title: 'Your lab is ready',
      body: 'The lab of {{courseId}} is running: its terminal is waiting for you.',
    },
    suspended: {
      title: 'Lab suspended',
      body: 'The lab of {{courseId}} is suspended: it costs next to nothing now, and your files are kept. Resume it to go on.',
    },
    idleSuspendSoon: {
      title: 'Your lab will be suspended in a minute',
      body: 'Nothing happened in the lab of {{courseId}} for a while.',
    },
    deleteSoon: {
      title: 'Your suspended lab will be deleted soon',
      body: 'The lab of {{courseId}} will be deleted on {{when, datetime(dateStyle: medium)}}, with everything in it. Resume it before then to keep it.',
    },
    checkPassed: 'Check passed',
    checkFailed: 'Check failed',
    checkBody: '{{courseId}}, step {{stepId}}: {{passed}} of {{total}} checks passed.',
    keepRunning: 'Keep running',
    stillRunning: {
      title: 'Lab Console is still running',
      body: 'Your labs keep running (and suspend when idle). Quit from the tray icon to suspend them now. Settings › Notifications turns this off.',
    },
  },
  tray: {
    tooltipNone: 'Lab Console — no lab running',
    tooltip_one: 'Lab Console — {{count}} lab running',
    tooltip_other: 'Lab Console — {{count}} labs running',
    lab: '{{courseId}} — {{state}}',
    labWithCost: '{{courseId}} — {{state}}, {{amount}} this hour',
    suspendAll: 'Suspend all labs',
    show: 'Show Lab Console',
    quit: 'Quit',
    quitSuspends: 'Quit (suspends running labs)',
  },
} as const;
