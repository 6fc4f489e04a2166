import { describe, expect, it } from 'vitest';
import { resolveHome } from './home';

describe('resolveHome', () => {
  it('prefers --home over the environment', () => {
    expect(resolveHome('/tmp/a', { LAB_CONSOLE_HOME: '/tmp/b' }, 'linux', '/home/u')).toBe('/tmp/a');
  });
  it('uses LAB_CONSOLE_HOME when no --home is given', () => {
    expect(resolveHome(undefined, { LAB_CONSOLE_HOME: '/tmp/b' }, 'linux', '/home/u')).toBe('/tmp/b');
  });
  it('follows XDG_CONFIG_HOME on Linux, else ~/.config', () => {
    expect(resolveHome(undefined, { XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/lab-console');
    expect(resolveHome(undefined, {}, 'linux', '/home/u')).toBe('/home/u/.config/lab-console');
  });
  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(resolveHome(undefined, {}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/lab-console');
    expect(resolveHome(undefined, { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toContain('lab-console');
  });
});
