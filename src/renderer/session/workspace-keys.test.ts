import { describe, expect, it } from 'vitest';
import type { KeyLike } from '../terminal/terminal-shortcuts';
import { commandKeys, workspaceCommand } from './workspace-keys';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  type: 'keydown',
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});
const letter = (l: string, mods: Partial<KeyLike>): KeyLike =>
  key(mods.shiftKey ? l.toUpperCase() : l, { code: `Key${l.toUpperCase()}`, ...mods });

describe('the Lab workspace keys', () => {
  it('uses Alt-based keys a browser leaves to the page, in both modes', () => {
    for (const mode of ['browser', 'electron'] as const) {
      expect(workspaceCommand(letter('n', { altKey: true, shiftKey: true }), mode)).toBe('new-shell');
      expect(workspaceCommand(letter('w', { altKey: true, shiftKey: true }), mode)).toBe('close-tab');
      expect(workspaceCommand(key('PageDown', { altKey: true }), mode)).toBe('next-tab');
      expect(workspaceCommand(key('PageUp', { altKey: true }), mode)).toBe('previous-tab');
      expect(workspaceCommand(letter('l', { altKey: true, shiftKey: true }), mode)).toBe('leave');
      expect(workspaceCommand(letter('p', { altKey: true, shiftKey: true }), mode)).toBe('next-pane');
      expect(workspaceCommand(key('F6'), mode)).toBe('next-pane');
      expect(workspaceCommand(key('F6', { shiftKey: true }), mode)).toBe('previous-pane');
    }
  });

  it("reads the letter by its place: macOS' Option changes the character, not the key", () => {
    expect(workspaceCommand({ ...key('˜', { altKey: true, shiftKey: true }), code: 'KeyN' }, 'browser')).toBe('new-shell');
  });

  it("takes the desktop terminals' Ctrl keys only in Electron: the browser keeps them for its own tabs", () => {
    expect(workspaceCommand(letter('t', { ctrlKey: true, shiftKey: true }), 'electron')).toBe('new-shell');
    expect(workspaceCommand(letter('w', { ctrlKey: true, shiftKey: true }), 'electron')).toBe('close-tab');
    expect(workspaceCommand(key('PageDown', { ctrlKey: true }), 'electron')).toBe('next-tab');
    expect(workspaceCommand(key('PageUp', { ctrlKey: true }), 'electron')).toBe('previous-tab');
    expect(workspaceCommand(letter('t', { ctrlKey: true, shiftKey: true }), 'browser')).toBeUndefined();
    expect(workspaceCommand(key('PageDown', { ctrlKey: true }), 'browser')).toBeUndefined();
  });

  it('leaves every key a shell uses to the shell', () => {
    for (const mode of ['browser', 'electron'] as const) {
      expect(workspaceCommand(letter('w', { ctrlKey: true }), mode)).toBeUndefined();
      expect(workspaceCommand(letter('b', { altKey: true }), mode)).toBeUndefined();
      expect(workspaceCommand(key('Tab'), mode)).toBeUndefined();
      expect(workspaceCommand(key('Escape'), mode)).toBeUndefined();
      expect(workspaceCommand(key('PageDown'), mode)).toBeUndefined();
      expect(workspaceCommand({ ...letter('n', { altKey: true, shiftKey: true }), type: 'keyup' }, mode)).toBeUndefined();
    }
  });

  it('names the keys of each mode', () => {
    expect(commandKeys('new-shell', 'browser')).toBe('Alt+Shift+N');
    expect(commandKeys('new-shell', 'electron')).toBe('Ctrl+Shift+T or Alt+Shift+N');
    expect(commandKeys('leave', 'electron')).toBe('Alt+Shift+L');
  });
});
