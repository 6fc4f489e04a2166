import { describe, expect, it } from 'vitest';
import type { RdpInputEvent } from '../../../shared/rdp/rdp-events';
import { DesktopKeys } from './desktop-keys';

describe('DesktopKeys', () => {
  it('releases every key still held, extended flag kept, in reverse order', () => {
    const sent: RdpInputEvent[] = [];
    const keys = new DesktopKeys((e) => sent.push(e));
    keys.input({ type: 'key', scancode: 0x1d, extended: true, pressed: true }); // right Ctrl
    keys.input({ type: 'key', scancode: 0x2a, extended: false, pressed: true }); // left Shift
    keys.input({ type: 'key', scancode: 0x1e, extended: false, pressed: true });
    keys.input({ type: 'key', scancode: 0x1e, extended: false, pressed: false });
    sent.length = 0;
    keys.releaseAll();
    expect(sent).toEqual([
      { type: 'key', scancode: 0x2a, extended: false, pressed: false },
      { type: 'key', scancode: 0x1d, extended: true, pressed: false },
    ]);
    sent.length = 0;
    keys.releaseAll();
    expect(sent).toEqual([]);
  });

  it('sends Ctrl+Alt+Del as presses then releases, with Delete extended', () => {
    const sent: RdpInputEvent[] = [];
    new DesktopKeys((e) => sent.push(e)).ctrlAltDel();
    expect(sent.map((e) => (e.type === 'key' ? `${e.pressed ? '+' : '-'}${e.scancode.toString(16)}${e.extended ? 'e' : ''}` : ''))).toEqual(
      ['+1d', '+38', '+53e', '-53e', '-38', '-1d'],
    );
  });
});
