import { describe, expect, it } from 'vitest';
import type { RdpInputEvent } from '../../shared/rdp/rdp-events';
import { fitInto, keyEvents, textEvents, toDesktop, wheelUnits } from './desktop-input';

describe('desktop input mapping', () => {
  it('sends physical keys by scancode on down and up, whatever character the local layout makes', () => {
    // An AZERTY keyboard: the key at the Q position makes "a".
    expect(keyEvents({ type: 'keydown', code: 'KeyQ', key: 'a' })).toEqual([
      { type: 'key', scancode: 0x10, extended: false, pressed: true },
    ]);
    expect(keyEvents({ type: 'keyup', code: 'ArrowLeft', key: 'ArrowLeft' })).toEqual([
      { type: 'key', scancode: 0x4b, extended: true, pressed: false },
    ]);
  });

  it('falls back to the character for keys without a scancode, once, on keydown', () => {
    expect(keyEvents({ type: 'keydown', code: '', key: 'é' })).toEqual([
      { type: 'unicode', codePoint: 0xe9, pressed: true },
      { type: 'unicode', codePoint: 0xe9, pressed: false },
    ]);
    expect(keyEvents({ type: 'keydown', code: '', key: '😀' })).toEqual([
      { type: 'unicode', codePoint: 0x1f600, pressed: true },
      { type: 'unicode', codePoint: 0x1f600, pressed: false },
    ]);
    expect(keyEvents({ type: 'keyup', code: '', key: 'é' })).toBeUndefined();
    expect(keyEvents({ type: 'keydown', code: 'MediaPlayPause', key: 'MediaPlayPause' })).toBeUndefined();
    expect(keyEvents({ type: 'keydown', code: '', key: 'Dead' })).toBeUndefined();
  });

  it('types pasted text as characters, with line breaks as Enter and tabs as Tab', () => {
    const pressed = (e: RdpInputEvent): boolean => 'pressed' in e && e.pressed;
    const events = textEvents('ls\r\n\tx');
    expect(
      events
        .filter(pressed)
        .map((e) => (e.type === 'key' ? `key:${e.scancode}` : String.fromCodePoint(e.type === 'unicode' ? e.codePoint : 0))),
    ).toEqual(['l', 's', 'key:28', 'key:15', 'x']);
    expect(events.filter((e) => !pressed(e))).toHaveLength(5);
    expect(textEvents('a\u0007b').filter(pressed)).toHaveLength(2);
  });

  it('maps a point on the scaled canvas back to desktop pixels, clamped to the desktop', () => {
    const box = { left: 100, top: 50, width: 512, height: 384 };
    const desktop = { width: 1024, height: 768 };
    expect(toDesktop(100, 50, box, desktop)).toEqual({ x: 0, y: 0 });
    expect(toDesktop(356, 242, box, desktop)).toEqual({ x: 512, y: 384 });
    expect(toDesktop(2000, -10, box, desktop)).toEqual({ x: 1023, y: 0 });
  });

  it('fits the desktop into the pane keeping its aspect ratio', () => {
    expect(fitInto({ width: 1024, height: 768 }, { width: 512, height: 600 })).toEqual({ width: 512, height: 384 });
    expect(fitInto({ width: 800, height: 600 }, { width: 1600, height: 900 })).toEqual({ width: 1200, height: 900 });
  });

  it('turns wheel pixels or lines into RDP wheel units, up positive, never zero for a real scroll', () => {
    expect(wheelUnits(-100, 0)).toBe(120);
    expect(wheelUnits(100, 0)).toBe(-120);
    expect(wheelUnits(3, 1)).toBe(-144);
    expect(wheelUnits(0.2, 0)).toBe(-1);
    expect(wheelUnits(-5000, 0)).toBe(255);
    expect(wheelUnits(0, 0)).toBe(0);
  });
});
