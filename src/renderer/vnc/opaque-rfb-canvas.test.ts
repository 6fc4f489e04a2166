import { afterEach, describe, expect, it, vi } from 'vitest';
import { withOpaqueRfbCanvas } from './opaque-rfb-canvas';

type Asked = { canvas: string; kind: string; options: unknown };

function recordContexts(): Asked[] {
  const asked: Asked[] = [];
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (
    this: HTMLCanvasElement,
    kind: string,
    options?: unknown,
  ) {
    asked.push({ canvas: this.id, kind, options });
    return null;
  } as never);
  return asked;
}

describe('withOpaqueRfbCanvas', () => {
  afterEach(() => vi.restoreAllMocks());

  it("gives noVNC's visible canvas an opaque, desynchronized 2D context, and every other canvas what it asked for", () => {
    const asked = recordContexts();
    const target = document.createElement('div');
    document.body.append(target);
    const made = withOpaqueRfbCanvas(() => {
      // As noVNC's RFB constructor: its canvas in a screen div not yet in the page, its display's
      // spare canvas never placed, and a cursor canvas in the page.
      const screen = document.createElement('div');
      const visible = Object.assign(document.createElement('canvas'), { id: 'visible' });
      screen.append(visible);
      visible.getContext('2d');
      Object.assign(document.createElement('canvas'), { id: 'spare' }).getContext('2d', { willReadFrequently: true });
      const cursor = Object.assign(document.createElement('canvas'), { id: 'cursor' });
      document.body.append(cursor);
      cursor.getContext('2d');
      target.append(screen);
      return 'rfb';
    });
    expect(made).toBe('rfb');
    expect(asked).toEqual([
      { canvas: 'visible', kind: '2d', options: { alpha: false, desynchronized: true } },
      { canvas: 'spare', kind: '2d', options: { willReadFrequently: true } },
      { canvas: 'cursor', kind: '2d', options: undefined },
    ]);
    // Afterwards canvases get what they ask for again.
    const later = Object.assign(document.createElement('canvas'), { id: 'later' });
    document.createElement('div').append(later);
    later.getContext('2d');
    expect(asked[3]).toEqual({ canvas: 'later', kind: '2d', options: undefined });
  });

  it('puts getContext back when making the client fails', () => {
    const original = HTMLCanvasElement.prototype.getContext;
    expect(() =>
      withOpaqueRfbCanvas(() => {
        throw new Error('no display');
      }),
    ).toThrow('no display');
    expect(HTMLCanvasElement.prototype.getContext).toBe(original);
  });
});
