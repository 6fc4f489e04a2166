import type { RdpInputEvent } from '../../shared/rdp/rdp-events';
import { scancodeOf } from './scancodes';

/** The parts of a KeyboardEvent the mapping reads. */
export interface KeyLike {
  readonly type: 'keydown' | 'keyup';
  readonly code: string;
  readonly key: string;
}

/**
 * What a key event sends: the physical key by scancode when it has one (the remote layout then
 * decides the character, as on a real keyboard), otherwise — a key the table does not know, a
 * virtual keyboard with no `code` — the character itself, pressed and released on keydown.
 * Undefined when there is nothing to send (dead keys, media keys, the keyup of a character).
 */
export function keyEvents(event: KeyLike): RdpInputEvent[] | undefined {
  const pressed = event.type === 'keydown';
  const mapped = scancodeOf(event.code);
  if (mapped) return [{ type: 'key', scancode: mapped.scancode, extended: mapped.extended, pressed }];
  if (!pressed || [...event.key].length !== 1) return undefined;
  const codePoint = event.key.codePointAt(0)!;
  if (codePoint < 0x20) return undefined;
  return [
    { type: 'unicode', codePoint, pressed: true },
    { type: 'unicode', codePoint, pressed: false },
  ];
}

const ENTER = { scancode: 0x1c, extended: false };
const TAB = { scancode: 0x0f, extended: false };

/** "Paste as keystrokes": each character typed as itself; line breaks and tabs as the Enter and Tab keys. */
export function textEvents(text: string): RdpInputEvent[] {
  const events: RdpInputEvent[] = [];
  const tap = (key: { scancode: number; extended: boolean }): void => {
    events.push({ type: 'key', ...key, pressed: true }, { type: 'key', ...key, pressed: false });
  };
  for (const char of text.replace(/\r\n?/g, '\n')) {
    if (char === '\n') tap(ENTER);
    else if (char === '\t') tap(TAB);
    else {
      const codePoint = char.codePointAt(0)!;
      if (codePoint < 0x20 || codePoint === 0x7f) continue;
      events.push({ type: 'unicode', codePoint, pressed: true }, { type: 'unicode', codePoint, pressed: false });
    }
  }
  return events;
}

/** A point on the (scaled) canvas → desktop pixels, clamped to the desktop. */
export function toDesktop(
  clientX: number,
  clientY: number,
  box: { left: number; top: number; width: number; height: number },
  desktop: { width: number; height: number },
): { x: number; y: number } {
  const clamp = (value: number, max: number): number => Math.max(0, Math.min(max - 1, Math.floor(value)));
  if (box.width <= 0 || box.height <= 0) return { x: 0, y: 0 };
  return {
    x: clamp(((clientX - box.left) * desktop.width) / box.width, desktop.width),
    y: clamp(((clientY - box.top) * desktop.height) / box.height, desktop.height),
  };
}

/** The largest size with the desktop's aspect ratio that fits the pane. */
export function fitInto(
  desktop: { width: number; height: number },
  pane: { width: number; height: number },
): { width: number; height: number } {
  if (desktop.width <= 0 || desktop.height <= 0) return { width: 0, height: 0 };
  const scale = Math.min(pane.width / desktop.width, pane.height / desktop.height);
  return { width: Math.floor(desktop.width * scale), height: Math.floor(desktop.height * scale) };
}

/** A wheel event → RDP wheel units (120 a notch, positive = up), from pixels (~100 a notch in browsers) or lines. */
export function wheelUnits(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 40 : deltaMode === 2 ? deltaY * 800 : deltaY;
  if (pixels === 0) return 0;
  const units = Math.round((-pixels * 120) / 100);
  return Math.max(-255, Math.min(255, units === 0 ? -Math.sign(pixels) : units));
}

/** Pointer button (MouseEvent.button) → RDP button. */
export function buttonOf(button: number): 'left' | 'middle' | 'right' | undefined {
  return button === 0 ? 'left' : button === 1 ? 'middle' : button === 2 ? 'right' : undefined;
}
