import { describe, expect, it } from 'vitest';
import { APP_COMMANDS, APP_COMMAND_IDS, acceleratorLabel, applicationMenu, matchCommands, menuCommandIds } from './app-commands';

describe('the application menu model', () => {
  it('offers every command of the app, once, on every platform', () => {
    for (const platform of ['darwin', 'linux', 'win32']) {
      const ids = menuCommandIds(applicationMenu(platform));
      expect([...ids].sort()).toEqual([...APP_COMMAND_IDS].sort());
    }
    expect(APP_COMMANDS.map((c) => c.id)).toEqual([...APP_COMMAND_IDS]);
  });

  it('follows platform conventions: the app menu on macOS, File elsewhere, and an Edit menu with copy and paste everywhere', () => {
    const mac = applicationMenu('darwin');
    expect(mac[0]).toMatchObject({ label: 'Lab Console', role: 'appMenu' });
    expect(mac[0]!.items).toContainEqual({ kind: 'role', role: 'quit' });
    const linux = applicationMenu('linux');
    expect(linux[0]!.label).toBe('File');
    for (const menus of [mac, linux]) {
      const edit = menus.find((m) => m.label === 'Edit')!;
      expect(edit.items).toContainEqual({ kind: 'role', role: 'copy' });
      expect(edit.items).toContainEqual({ kind: 'role', role: 'paste' });
      expect(menus.find((m) => m.label === 'View')!.items[0]).toMatchObject({ kind: 'palette', accelerator: 'CmdOrCtrl+Shift+P' });
    }
  });

  it('matches palette queries by label and keywords, every word', () => {
    expect(matchCommands('launch').map((c) => c.id)).toEqual(['lab.launch']);
    expect(matchCommands('find').map((c) => c.id)).toEqual(['terminal.find']);
    expect(matchCommands('zoom').map((c) => c.id)).toEqual(['view.zoomIn', 'view.zoomOut', 'view.zoomReset']);
    expect(matchCommands('lab resume').map((c) => c.id)).toEqual(['lab.resume']);
    expect(matchCommands('')).toHaveLength(APP_COMMANDS.length);
    expect(matchCommands('nothing like this')).toEqual([]);
  });

  it('writes accelerators the way each platform reads them', () => {
    expect(acceleratorLabel('CmdOrCtrl+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(acceleratorLabel('CmdOrCtrl+Shift+P', true)).toBe('⌘⇧P');
  });
});
