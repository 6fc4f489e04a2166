import { describe, expect, it } from 'vitest';
import { MAX_DESKTOP_EVENTS } from '../rdp/desktop-session';
import { parseStreamUp } from './stream-protocol';

describe('remote desktop control messages on a session stream', () => {
  it('accepts batches of mouse, wheel, key and unicode events, and the two desktop actions', () => {
    const events = [
      { type: 'mouse-move', x: 10, y: 20 },
      { type: 'mouse-button', button: 'left', pressed: true, x: 10, y: 20 },
      { type: 'wheel', x: 10, y: 20, delta: -120 },
      { type: 'key', scancode: 0x48, extended: true, pressed: true },
      { type: 'unicode', codePoint: 0x1f600, pressed: true },
    ];
    const parsed = parseStreamUp(JSON.stringify({ t: 'desktop-input', events }));
    expect(parsed.ok).toBe(true);
    // The wheel's horizontal flag defaults to vertical.
    expect(parsed.ok && parsed.value.t === 'desktop-input' && parsed.value.events[2]).toMatchObject({ horizontal: false });
    expect(parseStreamUp({ t: 'desktop-action', action: 'ctrl-alt-del' }).ok).toBe(true);
    expect(parseStreamUp({ t: 'desktop-action', action: 'release-keys' }).ok).toBe(true);
  });

  it('refuses empty or oversized batches, unknown actions and out-of-range events', () => {
    expect(parseStreamUp({ t: 'desktop-input', events: [] }).ok).toBe(false);
    const many = Array.from({ length: MAX_DESKTOP_EVENTS + 1 }, () => ({ type: 'mouse-move', x: 1, y: 1 }));
    expect(parseStreamUp({ t: 'desktop-input', events: many }).ok).toBe(false);
    expect(parseStreamUp({ t: 'desktop-action', action: 'reboot' }).ok).toBe(false);
    expect(parseStreamUp({ t: 'desktop-input', events: [{ type: 'key', scancode: 0x80, extended: false, pressed: true }] }).ok).toBe(false);
    expect(parseStreamUp({ t: 'desktop-input', events: [{ type: 'mouse-move', x: -1, y: 0 }] }).ok).toBe(false);
    expect(parseStreamUp({ t: 'desktop-input', events: [{ type: 'mouse-move', x: 1, y: 1 }], extra: true }).ok).toBe(false);
  });
});
