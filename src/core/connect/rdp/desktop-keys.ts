import type { RdpInputEvent } from '../../../shared/rdp/rdp-events';

/** PC/AT set-1 scancodes of the Ctrl+Alt+Del chord (Delete is an E0-prefixed key). */
const CTRL = 0x1d;
const ALT = 0x38;
const DELETE = 0x53;

/**
 * Passes input to the RDP session and remembers which keys it holds down, so they can all be let
 * go when the window loses focus (otherwise the remote side sees Ctrl held for ever after an
 * Alt+Tab away) or when a new connection starts.
 */
export class DesktopKeys {
  private readonly down = new Map<string, { scancode: number; extended: boolean }>();

  constructor(private readonly send: (event: RdpInputEvent) => void) {}

  input(event: RdpInputEvent): void {
    if (event.type === 'key') {
      const id = `${event.scancode}:${event.extended}`;
      if (event.pressed) this.down.set(id, { scancode: event.scancode, extended: event.extended });
      else this.down.delete(id);
    }
    this.send(event);
  }

  /** Key-up for every key still held, in reverse order of pressing. */
  releaseAll(): void {
    const held = [...this.down.values()].reverse();
    this.down.clear();
    for (const key of held) this.send({ type: 'key', scancode: key.scancode, extended: key.extended, pressed: false });
  }

  /** The secure attention sequence, pressed and released (held keys are released first). */
  ctrlAltDel(): void {
    this.releaseAll();
    const key = (scancode: number, extended: boolean, pressed: boolean): void => this.send({ type: 'key', scancode, extended, pressed });
    key(CTRL, false, true);
    key(ALT, false, true);
    key(DELETE, true, true);
    key(DELETE, true, false);
    key(ALT, false, false);
    key(CTRL, false, false);
  }

  /** A new connection starts with nothing pressed. */
  forget(): void {
    this.down.clear();
  }

  get held(): number {
    return this.down.size;
  }
}
