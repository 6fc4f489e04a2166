import { useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject, type UIEvent } from 'react';

/** Rows drawn above and below the visible ones, so a quick scroll does not show blank lines. */
const OVERSCAN = 10;
/** Until the page has laid a row out (and where nothing is laid out, as in tests): a row's height in px. */
const ROW_HEIGHT_GUESS = 33;
/** Until the scroll container has a height: the rows of a typical window. */
const VIEWPORT_GUESS = 600;

export interface RowWindow {
  /** Index of the first row drawn, and one past the last. */
  readonly first: number;
  readonly end: number;
  /** Heights in px of the empty space standing for the rows not drawn above and below. */
  readonly spaceAbove: number;
  readonly spaceBelow: number;
  /** The row that takes keyboard focus (tabindex 0) when the table is tabbed into. */
  readonly focusIndex: number;
  readonly onScroll: (event: UIEvent<HTMLElement>) => void;
  /** For the scroll container: the keys pressed in its rows. */
  readonly onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  /** Any focus inside a row makes it the row keyboard moves start from. */
  readonly onFocus: (event: { target: EventTarget }) => void;
}

/** The 0-based row of the table row holding `target`, from its aria-rowindex (1 is the header), or undefined. */
export function rowIndexOf(target: EventTarget): number | undefined {
  const row = target instanceof Element ? target.closest('tr[aria-rowindex]') : null;
  const index = Number(row?.getAttribute('aria-rowindex')) - 2;
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}

/**
 * Which of `count` rows a scrolling table draws: those in view and a few around them, the rest
 * stood in for by two spacers of the same height, so the scrollbar and screen readers
 * (aria-rowcount, aria-rowindex) still see every row. Keyboard: ↑ ↓ Page Up/Down Home End move the
 * focus through all rows, scrolling the focused one into view.
 */
export function useRowWindow(count: number, container: RefObject<HTMLElement | null>): RowWindow {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(VIEWPORT_GUESS);
  const [rowHeight, setRowHeight] = useState(ROW_HEIGHT_GUESS);
  const [wantedFocus, setFocusIndex] = useState(0);
  /** Set by a key press: the row to focus once it is drawn. */
  const focusPending = useRef(false);

  // The real sizes, once laid out: the container's height, and a drawn row's.
  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    const measure = (): void => {
      if (element.clientHeight > 0) setViewport(element.clientHeight);
      const row = element.querySelector('tbody tr[aria-rowindex]');
      const height = row?.getBoundingClientRect().height ?? 0;
      if (height > 0) setRowHeight((old) => (Math.abs(old - height) > 0.5 ? height : old));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [container, count]);

  const inView = Math.ceil(viewport / rowHeight);
  // A filter may leave fewer rows than the scroll position passed: the window ends at the last row.
  const top = Math.min(Math.floor(scrollTop / rowHeight), Math.max(0, count - inView));
  const first = Math.max(0, top - OVERSCAN);
  const end = Math.min(count, top + inView + OVERSCAN);
  const focusIndex = Math.min(wantedFocus, Math.max(0, count - 1));

  // A key moved the focus: the row is drawn now; focus it and bring it fully into view.
  useLayoutEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    const row = container.current?.querySelector<HTMLElement>(`tbody tr[aria-rowindex="${focusIndex + 2}"]`);
    row?.focus({ preventScroll: true });
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [container, focusIndex, first, end]);

  const onScroll = (event: UIEvent<HTMLElement>): void => setScrollTop(event.currentTarget.scrollTop);

  /** For the scroll container (the event's currentTarget), on keys pressed in its rows. */
  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    const from = rowIndexOf(event.target);
    if (from === undefined || count === 0) return;
    const page = Math.max(1, inView - 1);
    const to = {
      ArrowDown: from + 1,
      ArrowUp: from - 1,
      PageDown: from + page,
      PageUp: from - page,
      Home: 0,
      End: count - 1,
    }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(count - 1, to));
    // Scroll first, so that the window drawn next holds the row.
    const scroller = event.currentTarget;
    const rowTop = next * rowHeight;
    const header = scroller.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const visible = Math.max(rowHeight, (scroller.clientHeight || viewport) - header);
    let wanted = scroller.scrollTop;
    if (rowTop < wanted) wanted = rowTop;
    else if (rowTop + rowHeight > wanted + visible) wanted = rowTop + rowHeight - visible;
    // The state takes the wanted position itself: the scroll event follows only if it moved.
    scroller.scrollTop = wanted;
    setScrollTop(wanted);
    focusPending.current = true;
    setFocusIndex(next);
  };

  const onFocus = (event: { target: EventTarget }): void => {
    const index = rowIndexOf(event.target);
    if (index !== undefined) setFocusIndex(index);
  };

  return {
    first,
    end,
    spaceAbove: first * rowHeight,
    spaceBelow: (count - end) * rowHeight,
    focusIndex,
    onScroll,
    onKeyDown,
    onFocus,
  };
}
