/**
 * Gives noVNC's screen element the pane's size in whole pixels, now and whenever the pane or its
 * children change. noVNC asks the server for its element's size and asks again until the desktop
 * has exactly that size; a pane a fraction of a pixel off (flex layouts often are) would have it
 * ask every 100 ms for good, each answer resizing its canvas (and every other viewer's desktop).
 */
export function keepWholePixelScreen(pane: HTMLElement): () => void {
  const apply = (): void => {
    const { width, height } = pane.getBoundingClientRect();
    const size = { width: `${Math.floor(width)}px`, height: `${Math.floor(height)}px` };
    for (const child of pane.children) {
      if (!(child instanceof HTMLElement)) continue;
      if (child.style.width !== size.width) child.style.width = size.width;
      if (child.style.height !== size.height) child.style.height = size.height;
    }
  };
  const resized = new ResizeObserver(apply);
  const added = new MutationObserver(apply);
  resized.observe(pane);
  added.observe(pane, { childList: true });
  apply();
  return () => {
    resized.disconnect();
    added.disconnect();
  };
}
