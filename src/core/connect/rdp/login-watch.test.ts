import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../test/data/rdp/capture-format';
import { BitmapDecoder } from '../../../shared/rdp/bitmap-decoder';
import { LoginWatch, type LoginVerdict } from './login-watch';

// Real screens from xrdp 0.9.21 at 800×600 (test/data/rdp/README.md).
function verdictsOf(capture: string): LoginVerdict[] {
  const watch = new LoginWatch(800, 600);
  const decoder = new BitmapDecoder();
  return readCapture(capture).map((bitmap) => watch.observe(decoder.decode(bitmap)));
}

describe('telling a desktop from xrdp’s login-failed window', () => {
  for (const bpp of [16, 24]) {
    it(`recognises xrdp's log window after a wrong password at ${bpp} bpp`, () => {
      const verdicts = verdictsOf(`login-failed-${bpp}bpp.rdpcap`);
      expect(verdicts.at(-1)).toBe('xrdp-login-window');
      expect(verdicts).not.toContain('desktop');
    });

    it(`sees a desktop when a new session starts at ${bpp} bpp`, () => {
      const verdicts = verdictsOf(`scroll-${bpp}bpp.rdpcap`);
      expect(verdicts.at(-1)).toBe('desktop');
      expect(verdicts).not.toContain('xrdp-login-window');
    });

    it(`sees a desktop when a session is resumed at ${bpp} bpp, once the screen is painted`, () => {
      const verdicts = verdictsOf(`static-${bpp}bpp.rdpcap`);
      expect(verdicts[0]).toBe('pending');
      expect(verdicts.at(-1)).toBe('desktop');
    });
  }

  it('recognises the log window by its title bar’s place whatever its colour (xrdp.ini `blue=`)', () => {
    const bar = (x: number, y: number, width: number, colour: number) => {
      const rgba = new Uint8ClampedArray(width * 5 * 4);
      new Int32Array(rgba.buffer).fill(colour);
      return { x, y, width, height: 5, rgba };
    };
    expect(new LoginWatch(800, 600).observe(bar(13, 13, 395, 0xffff0000 | 0))).toBe('xrdp-login-window'); // xrdp's built-in blue
    expect(new LoginWatch(1024, 768).observe(bar(13, 13, 395, 0xff808080 | 0))).toBe('xrdp-login-window');
    expect(new LoginWatch(800, 600).observe(bar(14, 13, 395, 0xffff0000 | 0))).toBe('pending');
    // on a screen smaller than 400 px xrdp shrinks the window to the screen, 2 px from the edges
    expect(new LoginWatch(396, 300).observe(bar(5, 5, 387, 0xffff0000 | 0))).toBe('xrdp-login-window');
  });

  it('stays pending while only part of the screen is painted', () => {
    const watch = new LoginWatch(800, 600);
    const rgba = new Uint8ClampedArray(400 * 400 * 4).fill(255);
    expect(watch.observe({ x: 10, y: 10, width: 400, height: 400, rgba })).toBe('pending');
  });
});
