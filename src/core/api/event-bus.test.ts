import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/contract';
import { EventBus } from './event-bus';

describe('EventBus', () => {
  it('hands an event inside the contract to every connected UI', () => {
    const bus = new EventBus();
    const seen: unknown[] = [];
    bus.subscribe((name, payload) => seen.push([name, payload]));
    bus.subscribe((name) => seen.push(name));
    bus.emit('app.notice', { level: 'info', text: 'hi' });
    expect(seen).toEqual([['app.notice', { level: 'info', text: 'hi' }], 'app.notice']);
  });

  // The UIs read events without checking them again (src/renderer/api/app-answer.ts): this is the check.
  it('never pushes an event outside the contract to a UI', () => {
    const bus = new EventBus();
    const seen: unknown[] = [];
    bus.subscribe((name, payload) => seen.push([name, payload]));
    const malformed = { level: 'shout', text: 1 } as unknown as EventPayload<'app.notice'>;
    expect(() => bus.emit('app.notice', malformed)).toThrow();
    expect(seen).toEqual([]);
  });
});
