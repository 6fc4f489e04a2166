import type { DecodedRect } from '../../../shared/rdp/bitmap-decoder';

/**
 * xrdp answers a wrong password with no protocol error at all: it draws its own "Connection
 * Log" window ("login failed for user …") and keeps the connection open. So whether the login
 * worked is read from the pixels:
 * - a desktop is there once bitmaps have painted (almost) the whole screen — a new or resumed
 *   X session repaints everything, while xrdp's log window covers a 400×400 box;
 * - xrdp's log window is recognised by where xrdp draws its title bar, not by its colour (that
 *   comes from xrdp.ini, `blue=`): xrdp 0.9 (xrdp_wm_show_log, xrdp_bitmap_invalidate) places the
 *   window at (10, 10), 400×400 — or 2 px from the edges, 4 px smaller, on a smaller screen —
 *   and fills its title bar at (3, 3) inside it, width − 5 by 18 px, in one colour behind the
 *   caption; it arrives as bitmaps of exactly that width and left edge.
 * A server that draws something else still meets the caller's timeout.
 */
export type LoginVerdict = 'pending' | 'desktop' | 'xrdp-login-window';

const BLOCK = 16;
/** Share of the screen's 16×16 blocks a desktop must have painted. */
const DESKTOP_COVERAGE = 0.9;
const LOG_WINDOW_SIZE = 400;
const TITLE_HEIGHT = 18;

export class LoginWatch {
  private readonly columns: number;
  private readonly rows: number;
  private readonly painted: Uint8Array;
  private paintedCount = 0;
  private verdict: LoginVerdict = 'pending';

  private readonly title: { x: number; y: number; width: number };

  constructor(
    private readonly screenWidth: number,
    private readonly screenHeight: number,
  ) {
    const narrow = screenWidth < LOG_WINDOW_SIZE;
    const windowWidth = narrow ? screenWidth - 4 : LOG_WINDOW_SIZE;
    this.title = { x: (narrow ? 2 : 10) + 3, y: (screenHeight < LOG_WINDOW_SIZE ? 2 : 10) + 3, width: windowWidth - 5 };
    this.columns = Math.ceil(screenWidth / BLOCK);
    this.rows = Math.ceil(screenHeight / BLOCK);
    this.painted = new Uint8Array(this.columns * this.rows);
  }

  get result(): LoginVerdict {
    return this.verdict;
  }

  /** Looks at one decoded rectangle; returns the verdict so far. */
  observe(rect: DecodedRect): LoginVerdict {
    if (this.verdict !== 'pending') return this.verdict;
    if (this.isLogWindowTitle(rect)) {
      this.verdict = 'xrdp-login-window';
      return this.verdict;
    }
    this.markPainted(rect);
    if (this.paintedCount >= DESKTOP_COVERAGE * this.painted.length) this.verdict = 'desktop';
    return this.verdict;
  }

  /** A bitmap exactly where xrdp puts its log window's title bar, one colour right of the caption. */
  private isLogWindowTitle(rect: DecodedRect): boolean {
    const { x, y, width } = this.title;
    if (rect.x !== x || rect.width !== width || rect.y < y || rect.y + rect.height > y + TITLE_HEIGHT) return false;
    const words = new Int32Array(rect.rgba.buffer, rect.rgba.byteOffset, rect.width * rect.height);
    // The caption sits at the left; the right half of each row is bare title bar.
    const colour = words[width - 1]!;
    for (let row = 0; row < rect.height; row++) {
      for (let i = row * width + (width >> 1), end = (row + 1) * width; i < end; i++) {
        if (words[i] !== colour) return false;
      }
    }
    return true;
  }

  /** A block counts as painted when a rectangle covers its centre (clamped into the screen). */
  private markPainted(rect: DecodedRect): void {
    const right = rect.x + rect.width;
    const bottom = rect.y + rect.height;
    for (let row = 0; row < this.rows; row++) {
      const cy = Math.min(row * BLOCK + BLOCK / 2, this.screenHeight - 1);
      if (cy < rect.y || cy >= bottom) continue;
      for (let column = 0; column < this.columns; column++) {
        const cx = Math.min(column * BLOCK + BLOCK / 2, this.screenWidth - 1);
        if (cx < rect.x || cx >= right) continue;
        const index = row * this.columns + column;
        if (this.painted[index] === 0) {
          this.painted[index] = 1;
          this.paintedCount++;
        }
      }
    }
  }
}
