import { describe, expect, it } from 'vitest';
import { RdpInputEventSchema } from '../../shared/rdp/rdp-events';
import { mappedCodes, scancodeOf } from './scancodes';

describe('KeyboardEvent.code → set-1 scancode', () => {
  it('maps the letter rows, digits and common keys of a PC keyboard', () => {
    expect(scancodeOf('KeyQ')).toEqual({ scancode: 0x10, extended: false });
    expect(scancodeOf('KeyA')).toEqual({ scancode: 0x1e, extended: false });
    expect(scancodeOf('KeyZ')).toEqual({ scancode: 0x2c, extended: false });
    expect(scancodeOf('KeyM')).toEqual({ scancode: 0x32, extended: false });
    expect(scancodeOf('Digit1')).toEqual({ scancode: 0x02, extended: false });
    expect(scancodeOf('Digit0')).toEqual({ scancode: 0x0b, extended: false });
    expect(scancodeOf('Enter')).toEqual({ scancode: 0x1c, extended: false });
    expect(scancodeOf('Space')).toEqual({ scancode: 0x39, extended: false });
    expect(scancodeOf('Slash')).toEqual({ scancode: 0x35, extended: false });
    expect(scancodeOf('F12')).toEqual({ scancode: 0x58, extended: false });
  });

  it('marks the E0-prefixed keys extended, sharing scancodes with their keypad or left twins', () => {
    const pairs: [string, string | undefined, number][] = [
      ['ArrowUp', 'Numpad8', 0x48],
      ['ArrowDown', 'Numpad2', 0x50],
      ['ArrowLeft', 'Numpad4', 0x4b],
      ['ArrowRight', 'Numpad6', 0x4d],
      ['Home', 'Numpad7', 0x47],
      ['End', 'Numpad1', 0x4f],
      ['PageUp', 'Numpad9', 0x49],
      ['PageDown', 'Numpad3', 0x51],
      ['Insert', 'Numpad0', 0x52],
      ['Delete', 'NumpadDecimal', 0x53],
      ['ControlRight', 'ControlLeft', 0x1d],
      ['AltRight', 'AltLeft', 0x38],
      ['NumpadEnter', 'Enter', 0x1c],
      ['NumpadDivide', 'Slash', 0x35],
      ['MetaLeft', undefined, 0x5b],
      ['MetaRight', undefined, 0x5c],
      ['ContextMenu', undefined, 0x5d],
    ];
    for (const [code, twin, scancode] of pairs) {
      expect(scancodeOf(code), code).toEqual({ scancode, extended: true });
      if (twin) expect(scancodeOf(twin), twin).toEqual({ scancode, extended: false });
    }
  });

  it('gives every physical key its own (scancode, extended) pair, each one the contract accepts', () => {
    const seen = new Map<string, string>();
    for (const code of mappedCodes()) {
      const mapped = scancodeOf(code)!;
      const event = { type: 'key', ...mapped, pressed: true };
      expect(RdpInputEventSchema.safeParse(event).success, code).toBe(true);
      const id = `${mapped.scancode}:${mapped.extended}`;
      const other = seen.get(id);
      // The legacy OS* names are the Meta keys under another name.
      if (other) expect([other, code].sort().join(), `${code} collides with ${other}`).toMatch(/^(MetaLeft,OSLeft|MetaRight,OSRight)$/);
      seen.set(id, code);
    }
  });

  it('has no scancode for keys outside set 1', () => {
    for (const code of ['', 'Pause', 'MediaPlayPause', 'AudioVolumeUp', 'Fn', 'Unidentified']) expect(scancodeOf(code)).toBeUndefined();
  });
});
