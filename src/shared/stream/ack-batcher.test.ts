import { describe, expect, it } from 'vitest';
import { AckBatcher } from './ack-batcher';

function manualTimers() {
  const queue: { run: () => void; handle: number }[] = [];
  let next = 1;
  return {
    schedule: (run: () => void) => {
      queue.push({ run, handle: next });
      return next++;
    },
    cancel: (handle: unknown) => {
      const at = queue.findIndex((t) => t.handle === handle);
      if (at >= 0) queue.splice(at, 1);
    },
    fire: () => queue.splice(0).forEach((t) => t.run()),
    pending: () => queue.length,
  };
}

describe('AckBatcher', () => {
  it('batches small consumptions into one ack after the delay', () => {
    const timers = manualTimers();
    const sent: number[] = [];
    const acks = new AckBatcher({ send: (n) => sent.push(n), maxPending: 1000, ...timers });
    acks.consumed(10);
    acks.consumed(20);
    acks.consumed(30);
    expect(sent).toEqual([]);
    expect(timers.pending()).toBe(1);
    timers.fire();
    expect(sent).toEqual([60]);
    expect(acks.totalAcked).toBe(60);
  });

  it('acks at once past maxPending, so the app never waits a full delay with a closed window', () => {
    const timers = manualTimers();
    const sent: number[] = [];
    const acks = new AckBatcher({ send: (n) => sent.push(n), maxPending: 100, ...timers });
    acks.consumed(40);
    acks.consumed(70);
    expect(sent).toEqual([110]);
    expect(timers.pending()).toBe(0);
  });

  it('acknowledges every consumed byte exactly once across many writes', () => {
    const timers = manualTimers();
    let total = 0;
    const acks = new AckBatcher({ send: (n) => (total += n), maxPending: 64 * 1024, ...timers });
    let consumed = 0;
    for (let i = 0; i < 5000; i++) {
      const n = 1 + ((i * 7919) % 50_000);
      consumed += n;
      acks.consumed(n);
      if (i % 13 === 0) timers.fire();
    }
    acks.flush();
    expect(total).toBe(consumed);
  });

  it('drops what was waiting on reset (it belonged to the previous stream)', () => {
    const timers = manualTimers();
    const sent: number[] = [];
    const acks = new AckBatcher({ send: (n) => sent.push(n), ...timers });
    acks.consumed(500);
    acks.reset();
    timers.fire();
    acks.flush();
    expect(sent).toEqual([]);
    acks.consumed(0);
    expect(timers.pending()).toBe(0);
  });
});
