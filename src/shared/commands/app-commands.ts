import { common } from '../i18n/catalogue/en/common';
import type { Translator } from '../i18n/i18n';

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

type CommandWord = Exclude<keyof typeof common.command, 'palette'>;

export interface AppCommand {
  readonly id: AppCommandId;
  /** The title's catalogue key: `t(command.titleKey)` in the reader's language. */
  readonly titleKey: `common:command.${CommandWord}`;
  /** The English title (the palette also matches it, whatever the language). */
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

const command = (word: CommandWord, rest: Omit<AppCommand, 'titleKey' | 'label'>): AppCommand => ({
  titleKey: `common:command.${word}`,
  label: common.command[word],
  ...rest,
});

export const APP_COMMANDS: readonly AppCommand[] = [
  command('launch', { id: 'lab.launch', menu: 'Lab', needsCourse: true, keywords: 'start create' }),
  command('suspend', { id: 'lab.suspend', menu: 'Lab', needsCourse: true, keywords: 'pause stop' }),
  command('resume', { id: 'lab.resume', menu: 'Lab', needsCourse: true, keywords: 'continue start' }),
  command('check', { id: 'lab.check', menu: 'Lab', needsCourse: true, keywords: 'progress verify' }),
  command('newShell', { id: 'shell.new', menu: 'Lab', accelerator: 'Alt+Shift+N', needsCourse: true, keywords: 'terminal tab ssh' }),
  command('find', { id: 'terminal.find', menu: 'View', accelerator: 'CmdOrCtrl+Shift+F', needsCourse: true, keywords: 'search' }),
  command('zoomIn', { id: 'view.zoomIn', menu: 'View', needsCourse: false, keywords: 'bigger font' }),
  command('zoomOut', { id: 'view.zoomOut', menu: 'View', needsCourse: false, keywords: 'smaller font' }),
  command('zoomReset', { id: 'view.zoomReset', menu: 'View', needsCourse: false, keywords: 'reset font zoom' }),
  command('settings', {
    id: 'app.settings',
    menu: 'Settings',
    accelerator: 'CmdOrCtrl+,',
    needsCourse: false,
    keywords: 'preferences clouds',
  }),
  command('copyDiagnostics', { id: 'app.copyDiagnostics', menu: 'Help', needsCourse: false, keywords: 'support report' }),
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

/**
 * The commands whose title (as shown, and in English), or keywords hold every word of `query`, in
 * menu order.
 */
export function matchCommands(
  query: string,
  titleOf: (command: AppCommand) => string = (c) => c.label,
  commands: readonly AppCommand[] = APP_COMMANDS,
): AppCommand[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return commands.filter((c) => {
    const text = `${titleOf(c)} ${c.label} ${c.keywords ?? ''} ${c.menu}`.toLocaleLowerCase();
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

const role = (name: string): MenuItemModel => ({ kind: 'role', role: name });
const separator: MenuItemModel = { kind: 'separator' };

/** The menus in the translator's language (Electron translates its `role` items itself). */
export function applicationMenu(platform: string, translator: Translator): MenuModel[] {
  const { t } = translator;
  const item = (id: AppCommandId): MenuItemModel => {
    const c = appCommand(id);
    return { kind: 'command', id, label: t(c.titleKey), ...(c.accelerator ? { accelerator: c.accelerator } : {}) };
  };
  const mac = platform === 'darwin';
  const menus: MenuModel[] = [];
  if (mac)
    menus.push({
      label: t('common:appName'),
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
  else menus.push({ label: t('common:menu.file'), items: [item('app.settings'), separator, role('quit')] });
  menus.push({
    label: t('common:menu.edit'),
    role: 'editMenu',
    items: [role('undo'), role('redo'), separator, role('cut'), role('copy'), role('paste'), role('selectAll')],
  });
  menus.push({
    label: t('common:menu.lab'),
    items: [...APP_COMMANDS.filter((c) => c.menu === 'Lab').map((c) => item(c.id))],
  });
  menus.push({
    label: t('common:menu.view'),
    items: [
      { kind: 'palette', label: t('common:command.palette'), accelerator: COMMAND_PALETTE_ACCELERATOR },
      separator,
      ...APP_COMMANDS.filter((c) => c.menu === 'View').map((c) => item(c.id)),
      separator,
      role('togglefullscreen'),
    ],
  });
  menus.push({ label: t('common:menu.window'), role: 'windowMenu', items: [role('minimize'), role('close')] });
  menus.push({ label: t('common:menu.help'), role: 'help', items: [item('app.copyDiagnostics')] });
  return menus;
}

/** Every command the application menu offers (the palette must list the same). */
export function menuCommandIds(menus: readonly MenuModel[]): AppCommandId[] {
  return menus.flatMap((m) => m.items.flatMap((i) => (i.kind === 'command' ? [i.id] : [])));
}
