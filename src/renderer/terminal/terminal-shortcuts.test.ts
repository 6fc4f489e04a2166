import { describe, expect, it } from 'vitest';
import { nextFontSize, terminalShortcut, type KeyLike } from './terminal-shortcuts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  type: 'keydown',
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('terminal shortcuts', () => {
  it('keeps Ctrl+C and Ctrl+V for the shell on Linux and Windows, copying and pasting with Shift', () => {
    expect(terminalShortcut(key('c', { ctrlKey: true }), false)).toBeUndefined();
    expect(terminalShortcut(key('v', { ctrlKey: true }), false)).toBeUndefined();
    expect(terminalShortcut(key('C', { ctrlKey: true, shiftKey: true }), false)).toBe('copy');
    expect(terminalShortcut(key('V', { ctrlKey: true, shiftKey: true }), false)).toBe('paste');
    expect(terminalShortcut(key('F', { ctrlKey: true, shiftKey: true }), false)).toBe('find');
  });

  it('uses Cmd on macOS, with or without Shift, and leaves Ctrl+C to the shell there too', () => {
    expect(terminalShortcut(key('c', { metaKey: true }), true)).toBe('copy');
    expect(terminalShortcut(key('v', { metaKey: true, shiftKey: true }), true)).toBe('paste');
    expect(terminalShortcut(key('c', { ctrlKey: true }), true)).toBeUndefined();
  });

  it('zooms with Ctrl/Cmd and + - 0, and ignores key-ups and Alt combinations', () => {
    expect(terminalShortcut(key('=', { ctrlKey: true }), false)).toBe('zoom-in');
    expect(terminalShortcut(key('+', { ctrlKey: true, shiftKey: true }), false)).toBe('zoom-in');
    expect(terminalShortcut(key('-', { metaKey: true }), true)).toBe('zoom-out');
    expect(terminalShortcut(key('0', { ctrlKey: true }), false)).toBe('zoom-reset');
    expect(terminalShortcut({ ...key('=', { ctrlKey: true }), type: 'keyup' }, false)).toBeUndefined();
    expect(terminalShortcut(key('c', { ctrlKey: true, shiftKey: true, altKey: true }), false)).toBeUndefined();
  });

  it('keeps the font size between 8 and 32 and resets to 14', () => {
    expect(nextFontSize(14, 'zoom-in')).toBe(15);
    expect(nextFontSize(32, 'zoom-in')).toBe(32);
    expect(nextFontSize(8, 'zoom-out')).toBe(8);
    expect(nextFontSize(20, 'zoom-reset')).toBe(14);
  });
});
