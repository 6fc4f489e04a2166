import { describe, expect, it } from 'vitest';
import { createTranslator } from '../i18n/i18n';
import { APP_COMMANDS, APP_COMMAND_IDS, acceleratorLabel, applicationMenu, matchCommands, menuCommandIds } from './app-commands';

const english = createTranslator('en');

describe('the application menu model', () => {
  it('offers every command of the app, once, on every platform', () => {
    for (const platform of ['darwin', 'linux', 'win32']) {
      const ids = menuCommandIds(applicationMenu(platform, english));
      expect([...ids].sort()).toEqual([...APP_COMMAND_IDS].sort());
    }
    expect(APP_COMMANDS.map((c) => c.id)).toEqual([...APP_COMMAND_IDS]);
  });

  it('follows platform conventions: the app menu on macOS, File elsewhere, and an Edit menu with copy and paste everywhere', () => {
    const mac = applicationMenu('darwin', english);
    expect(mac[0]).toMatchObject({ label: 'Lab Console', role: 'appMenu' });
    expect(mac[0]!.items).toContainEqual({ kind: 'role', role: 'quit' });
    const linux = applicationMenu('linux', english);
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

  it('names menus and commands in the reader’s language, keeping the keys', () => {
    const menus = applicationMenu('linux', createTranslator('de'));
    expect(menus.map((m) => m.label)).toEqual(['Datei', 'Bearbeiten', 'Lab', 'Ansicht', 'Fenster', 'Hilfe']);
    expect(menus[2]!.items.map((i) => (i.kind === 'command' ? i.label : i.kind))).toEqual([
      'Lab starten',
      'Lab anhalten',
      'Lab fortsetzen',
      'Diesen Schritt prüfen',
      'Neue Shell',
    ]);
    expect(menus[3]!.items[0]).toEqual({ kind: 'palette', label: 'Befehlspalette…', accelerator: 'CmdOrCtrl+Shift+P' });
  });

  it('matches a German query on the German title, and an English one still', () => {
    const de = createTranslator('de');
    const title = (c: (typeof APP_COMMANDS)[number]) => de.t(c.titleKey);
    expect(matchCommands('anhalten', title).map((c) => c.id)).toEqual(['lab.suspend']);
    expect(matchCommands('suspend', title).map((c) => c.id)).toEqual(['lab.suspend']);
  });

  it('writes accelerators the way each platform reads them', () => {
    expect(acceleratorLabel('CmdOrCtrl+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(acceleratorLabel('CmdOrCtrl+Shift+P', true)).toBe('⌘⇧P');
  });
});
