/** The renderer's text: remote (the Lab tabs, the terminal, the RDP and VNC desktops). */
export const uiRemote = {
  session: {
    status: {
      connecting: 'Connecting…',
      connected: 'Connected',
      reconnecting: 'Reconnecting…',
      labSuspended: 'Lab suspended',
      closed: 'Closed',
      failed: 'Not connected',
      // Follows "Connected"; the view may add a detail after it (a desktop's size, "(encrypted)").
      connectedTo: 'to {{connection}}',
      // `state` is the lab badge's word, first letter lower case ("resuming…").
      underWay: '<strong>Lab {{state}}</strong> — this tab connects again once the lab is ready.',
      resume: 'Resume',
      resuming: 'Resuming…',
      tryAgain: 'Try again',
    },
    certificate: {
      expected: 'Expected SHA-256',
      received: 'Received SHA-256',
    },
    // What a tab of each kind is called in the "+" menu.
    kind: {
      terminal: 'Shell',
      desktop: 'Desktop',
      web: 'Web page',
      vnc: 'Desktop',
    },
    loading: {
      terminal: 'Loading the shell…',
      desktop: 'Loading the desktop…',
      web: 'Loading the web page…',
      vnc: 'Loading the desktop…',
    },
    keys: {
      // Two keys that do the same ("Ctrl+Shift+T or Alt+Shift+N").
      either: '{{first}} or {{second}}',
    },
    tabs: {
      label: 'Lab tabs',
      tabTitle: '{{label}}: double-click or F2 to rename, Delete or {{keys}} to close',
      help: 'Arrow keys switch tabs, Delete closes, F2 renames.',
      newTab: 'New tab',
      newShellTitle: 'New shell ({{keys}})',
      tabName: 'Tab name',
      onConnection: '{{kind}} on {{connection}}',
      service: '{{kind}}: {{service}}',
    },
    workspace: {
      noMachinesTitle: 'No lab machines in this course',
      noMachines: 'This course is for reading: it has no terminal or desktop to open.',
      noTabTitle: 'No tab open',
      noTab: 'Open a shell or the desktop with + ({{keys}} opens a shell).',
      noLabTitle: 'No lab running',
      connectsWhenReady: 'This tab connects once the lab is ready.',
      pressResume: 'Press Resume: this tab connects once the lab is ready.',
      pressLaunch: 'Press Launch: this tab connects once the lab is ready.',
    },
    // Both kinds of remote desktop (RDP and VNC).
    remoteDesktop: {
      toolbar: 'Desktop {{connection}}',
      screen: 'Remote desktop {{connection}}: click to type into it',
      readOnly: "Read-only: you see this lab's desktop; keys and clicks are not sent.",
    },
  },
  terminal: {
    toolbar: 'Terminal {{connection}}',
    newShell: 'New shell',
    readOnly: "Read-only: you see this lab's output; what you type is not sent.",
    smallerText: 'Smaller text',
    smallerTextTitle: 'Smaller text ({{keys}})',
    largerText: 'Larger text',
    largerTextTitle: 'Larger text ({{keys}})',
    screenReader: 'Screen reader mode',
    more: 'More…',
    moreTitle: 'More (right-click or Shift+F10 in the terminal)',
    hostKey: {
      expected: 'Expected',
      received: 'Received',
    },
    menu: {
      label: 'Terminal',
      copy: 'Copy',
      paste: 'Paste',
      selectAll: 'Select all',
      find: 'Find…',
      clear: 'Clear',
      reconnect: 'Reconnect',
    },
    find: {
      label: 'Find in terminal',
      next: 'Next',
      previous: 'Previous',
      close: 'Close find',
      noMatches: 'No matches',
      // Past the search's highlight limit: only the count is known.
      matches_one: '{{count, number}} match',
      matches_other: '{{count, number}} matches',
      position: '{{index, number}} of {{count, number}}',
    },
  },
  desktop: {
    size: '({{width, number(useGrouping: false)}}×{{height, number(useGrouping: false)}})',
    pasteAsKeystrokes: 'Paste as keystrokes',
    pasteLabel: 'Text to type on the remote desktop (each character as a keystroke):',
    typeIt: 'Type it',
    cancel: 'Cancel',
  },
  vnc: {
    encrypted: '(encrypted)',
    clipboard: 'Clipboard',
    clipboardForm: 'Clipboard of the remote desktop',
    clipboardLabel: "The remote desktop's clipboard: what it copies shows here; edit or paste text and send it to paste it there.",
    send: 'Send to the desktop',
    close: 'Close',
    viewerStopped: 'The desktop viewer stopped (see the browser console). Reconnect to start it again.',
    reconnect: 'Reconnect',
  },
} as const;
