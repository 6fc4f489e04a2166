/**
 * Runs `make` (noVNC's RFB constructor) so that the canvas it shows the desktop on gets an opaque,
 * desynchronized 2D context; every other canvas gets what it asks for. Opaque (`alpha: false`): the
 * desktop covers every pixel of that canvas, but a canvas with alpha is blended over the page
 * beneath it, so for each new picture Chromium's display compositor drew the page's tiles under the
 * canvas as well — in the vnc bench's trace about 10 quads a frame against the floor page's 3, and
 * 0.70 ms per frame against 0.52 ms. Beneath an opaque canvas there is nothing to draw: 1.8 quads
 * and 0.37 ms a frame. Desynchronized: each paint goes to the display compositor as a frame of its
 * own instead of through the page's compositor thread, as the RDP desktop's canvas does
 * (desktop-link.ts).
 *
 * noVNC has no option for its context and asks for it inside its constructor, with its canvas
 * already in its screen element and that screen not yet in the page: that is the canvas told
 * apart here (its display's spare canvas is in no element; a fallback cursor's is in the page).
 */
export function withOpaqueRfbCanvas<T>(make: () => T): T {
  const prototype = HTMLCanvasElement.prototype;
  const getContext = prototype.getContext;
  prototype.getContext = function (this: HTMLCanvasElement, kind: string, options?: unknown) {
    const visible = kind === '2d' && this.parentElement !== null && !this.isConnected;
    return getContext.call(this, kind, visible ? { ...(options as object | undefined), alpha: false, desynchronized: true } : options);
  } as typeof getContext;
  try {
    return make();
  } finally {
    prototype.getContext = getContext;
  }
}
