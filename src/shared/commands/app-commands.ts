import { z } from 'zod';

/**
 * The app's commands: one list for the desktop application menu, the tray and the command palette,
 * so each shows the same commands under the same names and keys. The UI runs them (it knows the
 * course on screen); the desktop menu sends the chosen id to the UI as the `app.command` event.
 */
export const APP_COMMAND_IDS = [
  'lab.launch',
  'lab.suspend',
  'lab.resume',
  'lab.check',
  'shell.new',
  'terminal.find',
  'view.zoomIn',
  'view.zoomOut',
  'view.zoomReset',
  'app.settings',
  'app.copyDiagnostics',
] as const;
export type AppCommandId = (typeof APP_COMMAND_IDS)[number];

export const AppCommandEvent = z.object({ id: z.enum(APP_COMMAND_IDS) }).strict();
export type AppCommandEvent = z.infer<typeof AppCommandEvent>;

export interface AppCommand {
  readonly id: AppCommandId;
  readonly label: string;
  /** The menu it sits in. */
  readonly menu: 'Lab' | 'View' | 'Help' | 'Settings';
  /** Electron accelerator syntax ("CmdOrCtrl+Shift+F"); the palette shows it for the platform. */
  readonly accelerator?: string;
  /** Acts on the course on screen: unavailable when none is open. */
  readonly needsCourse: boolean;
  /** Words the palette also matches. */
  readonly keywords?: string;
}

export const APP_COMMANDS: readonly AppCommand[] = [
  { id: 'lab.launch', label: 'Launch lab', menu: 'Lab', needsCourse: true, keywords: 'start create' },
  { id: 'lab.suspend', label: 'Suspend lab', menu: 'Lab', needsCourse: true, keywords: 'pause stop' },
  { id: 'lab.resume', label: 'Resume lab', menu: 'Lab', needsCourse: true, keywords: 'continue start' },
  { id: 'lab.check', label: 'Check this step', menu: 'Lab', needsCourse: true, keywords: 'progress verify' },
  { id: 'shell.new', label: 'New shell', menu: 'Lab', accelerator: 'Alt+Shift+N', needsCourse: true, keywords: 'terminal tab ssh' },
  { id: 'terminal.find', label: 'Find in terminal', menu: 'View', accelerator: 'CmdOrCtrl+Shift+F', needsCourse: true, keywords: 'search' },
  { id: 'view.zoomIn', label: 'Zoom in (terminal text)', menu: 'View', needsCourse: false, keywords: 'bigger font' },
  { id: 'view.zoomOut', label: 'Zoom out (terminal text)', menu: 'View', needsCourse: false, keywords: 'smaller font' },
  { id: 'view.zoomReset', label: 'Actual size (terminal text)', menu: 'View', needsCourse: false, keywords: 'reset font zoom' },
  {
    id: 'app.settings',
    label: 'Settings',
    menu: 'Settings',
    accelerator: 'CmdOrCtrl+,',
    needsCourse: false,
    keywords: 'preferences clouds',
  },
  { id: 'app.copyDiagnostics', label: 'Copy diagnostics', menu: 'Help', needsCourse: false, keywords: 'support report' },
];

/** The palette's own key, in the menu and in the UI. */
export const COMMAND_PALETTE_ACCELERATOR = 'CmdOrCtrl+Shift+P';

export function appCommand(id: AppCommandId): AppCommand {
  return APP_COMMANDS.find((c) => c.id === id)!;
}

/** How an accelerator reads on this platform: "Ctrl+Shift+P", or "⌘⇧P" on a Mac. */
export function acceleratorLabel(accelerator: string, mac: boolean): string {
  if (!mac) return accelerator.replace(/CmdOrCtrl/g, 'Ctrl');
  const symbols: Record<string, string> = { CmdOrCtrl: '⌘', Shift: '⇧', Alt: '⌥', Ctrl: '⌃' };
  return accelerator
    .split('+')
    .map((part) => symbols[part] ?? part)
    .join('');
}

/** The commands whose label or keywords hold every word of `query`, in menu order. */
export function matchCommands(query: string, commands: readonly AppCommand[] = APP_COMMANDS): AppCommand[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return commands.filter((c) => {
    const text = `${c.label} ${c.keywords ?? ''} ${c.menu}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/**
 * The desktop application menu, platform conventions included: on macOS the first menu is the
 * app's (About, Settings, Hide, Quit) and Settings lives there; elsewhere File holds Settings and Quit.
 * Every platform gets an Edit menu, without which copy and paste keys do nothing on macOS.
 * `role` items are Electron's built-in ones.
 */
export type MenuItemModel =
  | { readonly kind: 'command'; readonly id: AppCommandId; readonly label: string; readonly accelerator?: string }
  | { readonly kind: 'role'; readonly role: string }
  | { readonly kind: 'palette'; readonly label: string; readonly accelerator: string }
  | { readonly kind: 'separator' };
export interface MenuModel {
  readonly label: string;
  readonly role?: string;
  readonly items: readonly MenuItemModel[];
}

const item = (id: AppCommandId): MenuItemModel => {
  const c = appCommand(id);
  return { kind: 'command', id, label: c.label, ...(c.accelerator ? { accelerator: c.accelerator } : {}) };
};
const role = (name: string): MenuItemModel => ({ kind: 'role', role: name });
const separator: MenuItemModel = { kind: 'separator' };

export function applicationMenu(platform: string): MenuModel[] {
  const mac = platform === 'darwin';
  const menus: MenuModel[] = [];
  if (mac)
    menus.push({
      label: 'Lab Console',
      role: 'appMenu',
      items: [
        role('about'),
        separator,
        item('app.settings'),
        separator,
        role('hide'),
        role('hideOthers'),
        role('unhide'),
        separator,
        role('quit'),
      ],
    });
  else menus.push({ label: 'File', items: [item('app.settings'), separator, role('quit')] });
  menus.push({
    label: 'Edit',
    role: 'editMenu',
    items: [role('undo'), role('redo'), separator, role('cut'), role('copy'), role('paste'), role('selectAll')],
  });
  menus.push({
    label: 'Lab',
    items: [...APP_COMMANDS.filter((c) => c.menu === 'Lab').map((c) => item(c.id))],
  });
  menus.push({
    label: 'View',
    items: [
      { kind: 'palette', label: 'Command palette…', accelerator: COMMAND_PALETTE_ACCELERATOR },
      separator,
      ...APP_COMMANDS.filter((c) => c.menu === 'View').map((c) => item(c.id)),
      separator,
      role('togglefullscreen'),
    ],
  });
  menus.push({ label: 'Window', role: 'windowMenu', items: [role('minimize'), role('close')] });
  menus.push({ label: 'Help', role: 'help', items: [item('app.copyDiagnostics')] });
  return menus;
}

/** Every command the application menu offers (the palette must list the same). */
export function menuCommandIds(menus: readonly MenuModel[]): AppCommandId[] {
  return menus.flatMap((m) => m.items.flatMap((i) => (i.kind === 'command' ? [i.id] : [])));
}
