import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../../test/data/rdp/capture-format';
import { BitmapDecoder } from '../../../shared/rdp/bitmap-decoder';

/**
 * What the decoder gave before it wrote top-down (it decoded each stream into a scratch buffer
 * in stream order, then flipped and cropped the rows into place), replaying every bitmap of each
 * capture from xrdp: into an 800×600 framebuffer, into a 643×455 one (bitmaps cropped at its
 * right and bottom edges), and each bitmap into a rectangle of its own. SHA-256 of the pixels;
 * the framebuffers start filled with 0x12345678, so a write outside a bitmap shows too.
 */
const BEFORE: Record<string, string> = {
  'scroll-16bpp 800x600': 'c9b142bff7318b131f3de7022dc2e07fd1dfe921003877e8c84da551663a3a46',
  'scroll-16bpp 643x455': '7ce9064ac1577ae1c4fe048814e643a9d1b0916c6f9f4f7585fddfa073aa8f6d',
  'scroll-16bpp rects': 'd5dbe6511fff409f866373fdadaa6f9a3e19438a7eaa509f696d4936bfcfea4c',
  'scroll-24bpp 800x600': 'f32c5bb70965fced3175e2f5772bc014d06f41e5a80ea11b9ee33b88474304d4',
  'scroll-24bpp 643x455': '8bc82aaf0f861860cbfbe1b62b960fe3fb6552b0d18bfa4961dc0db9f292e822',
  'scroll-24bpp rects': '5d9a7ea4436dc241403de6330ade9036a653353058471d9c7a74bae189789a39',
  'static-16bpp 800x600': '0b5ba1b67720699cb8c6064ec5ea305f7a892ce6defb242c4f1ddc3c34766ab2',
  'static-16bpp 643x455': '94ca159238593896a8f3fdad0b18c49c14f7bc5b6e75333f19306f6419b0dc0e',
  'static-16bpp rects': 'a6fff8b702ad77a895a84f7eb1d719dc4f95b30ebffcaa88688f2d8be2c586b2',
  'static-24bpp 800x600': '2b21288b6b183412cd561788a978775246bb41567f5fa09528fe251f98cdf3b9',
  'static-24bpp 643x455': '9cffb1bd5cc03869c036b9b7cf1a6fff111ce0b6e8a1524d862c675f641fff7c',
  'static-24bpp rects': '8f9d92415b50e7635b750153053fdc6d2860cf1a8ecc2e7342538cb046da06fd',
  'login-failed-16bpp 800x600': 'f4bf70f66aa9b0068732ab6a303e0be8aab79c3f7b08ef3147b344fb80926dc4',
  'login-failed-16bpp 643x455': '6fe4b46a710770387a9397650d98b8679cd62eb0c4bdda769819bad30b0adcdc',
  'login-failed-16bpp rects': 'fa578e808f21dd3eeb54149d16855a8dad43710f59970e7ca2351f5656cae47f',
  'login-failed-24bpp 800x600': '693ef9d11259ad20470e4541c62e7d0a42d63067d4db8f9774196aaa8222af08',
  'login-failed-24bpp 643x455': '0b7efa1183471584618e944e603ae04d0f04a969e1200d48122beca9cfc0feeb',
  'login-failed-24bpp rects': 'df7dd5c721f9b972df5e46cc43495fda32a8bbff47a4cc1adc1704d7fc6ca5d0',
};

const sha256 = (bytes: Uint8Array | Uint8ClampedArray) => createHash('sha256').update(bytes).digest('hex');

describe('decoding top-down, straight into the framebuffer', () => {
  for (const name of ['scroll-16bpp', 'scroll-24bpp', 'static-16bpp', 'static-24bpp', 'login-failed-16bpp', 'login-failed-24bpp']) {
    it(`${name}: every pixel is what flipping after decoding gave, in framebuffers of two sizes and rectangle by rectangle`, () => {
      const bitmaps = readCapture(`${name}.rdpcap`);
      for (const [width, height] of [
        [800, 600],
        [643, 455],
      ] as const) {
        const decoder = new BitmapDecoder();
        const image = new Int32Array(width * height).fill(0x12345678);
        for (const bitmap of bitmaps) decoder.decodeIntoImage(bitmap, image, width, height);
        expect(sha256(new Uint8Array(image.buffer)), `${width}x${height}`).toBe(BEFORE[`${name} ${width}x${height}`]);
      }
      const decoder = new BitmapDecoder();
      const hash = createHash('sha256');
      for (const bitmap of bitmaps) hash.update(decoder.decode(bitmap).rgba);
      expect(hash.digest('hex'), 'rectangles').toBe(BEFORE[`${name} rects`]);
    });
  }
});
