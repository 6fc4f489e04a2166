/**
 * Keyboard moves between the regions of a screen and out of what takes every key (a terminal, a
 * remote desktop), with keys of the workspace (src/renderer/session/workspace-keys.ts). A region is
 * an element marked `data-pane`; where the keyboard lands in it is its visible `[data-pane-focus]`
 * (the current navigation link, the shown terminal), else the region itself.
 */

function visible(element: HTMLElement): boolean {
  if (typeof element.checkVisibility === 'function') return element.checkVisibility();
  return !element.closest('[hidden]');
}

/** Regions holding no other region, in document order (the Lab screen's steps and lab, not the main area around them). */
function leafPanes(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('[data-pane]')].filter((pane) => visible(pane) && !pane.querySelector('[data-pane]'));
}

function focusInside(pane: HTMLElement): void {
  const target = [...pane.querySelectorAll<HTMLElement>('[data-pane-focus]')].find(visible);
  if (target) {
    target.focus();
    return;
  }
  if (!pane.hasAttribute('tabindex')) pane.setAttribute('tabindex', '-1');
  pane.focus();
}

/** Moves the keyboard to the next (1) or previous (-1) region, round the ends. */
export function cyclePanes(step: 1 | -1, doc: Document = document): boolean {
  const panes = leafPanes(doc);
  if (panes.length === 0) return false;
  const active = doc.activeElement;
  const at = panes.findIndex((pane) => active !== null && pane.contains(active));
  const next = at < 0 ? (step === 1 ? 0 : panes.length - 1) : (at + step + panes.length) % panes.length;
  focusInside(panes[next]!);
  return true;
}

/**
 * Out of a terminal or remote desktop, which keep Tab, Escape and the rest for themselves: to
 * what its view names (`data-leave-to`, its tab), else to the first button of its toolbar.
 */
export function leaveEmbedded(doc: Document = document): boolean {
  const view = doc.activeElement?.closest<HTMLElement>('[data-leave-to]');
  if (!view) return false;
  const named = view.dataset.leaveTo ? doc.getElementById(view.dataset.leaveTo) : null;
  const target = named ?? view.querySelector<HTMLElement>('[role="toolbar"] button:not([disabled])');
  if (!target) return false;
  target.focus();
  return true;
}
