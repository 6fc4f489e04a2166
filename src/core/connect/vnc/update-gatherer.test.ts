import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpdateGatherer } from './update-gatherer';

const bytes = (...values: number[]): Buffer => Buffer.from(values);

describe('UpdateGatherer', () => {
  let sent: Buffer[];
  let gatherer: UpdateGatherer;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    gatherer = new UpdateGatherer((data) => sent.push(Buffer.from(data)), 8, 1000);
  });
  afterEach(() => {
    gatherer.drop();
    vi.useRealTimers();
  });

  it('sends the first chunk after a quiet spell at the end of the turn it came in (an echo is not delayed)', () => {
    gatherer.push(bytes(1, 2));
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([bytes(1, 2)]);
    vi.advanceTimersByTime(50);
    gatherer.push(bytes(3));
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([bytes(1, 2), bytes(3)]);
  });

  it('sends the chunks of one read (an update in several TLS records) as one message', () => {
    gatherer.push(bytes(1, 2));
    gatherer.push(bytes(3));
    gatherer.push(bytes(4, 5));
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([bytes(1, 2, 3, 4, 5)]);
  });

  it('sends what streams in within the spacing as one message, in order, when the spacing is up', () => {
    gatherer.push(bytes(1));
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(2);
    gatherer.push(bytes(2));
    gatherer.push(bytes(3, 4));
    vi.advanceTimersByTime(3);
    gatherer.push(bytes(5));
    expect(sent).toEqual([bytes(1)]);
    vi.advanceTimersByTime(3);
    expect(sent).toEqual([bytes(1), bytes(2, 3, 4, 5)]);
    // Still streaming: the next chunk waits for the next spacing too.
    gatherer.push(bytes(6));
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(8);
    expect(sent).toEqual([bytes(1), bytes(2, 3, 4, 5), bytes(6)]);
  });

  it('sends at once once it holds too much to wait', () => {
    gatherer.push(bytes(0));
    vi.advanceTimersByTime(0);
    gatherer.push(Buffer.alloc(600, 1));
    expect(sent).toHaveLength(1);
    gatherer.push(Buffer.alloc(600, 2));
    expect(sent).toHaveLength(2);
    expect(sent[1]!.length).toBe(1200);
  });

  it('flushes what it holds on demand, and drops it when the conversation ends', () => {
    gatherer.push(bytes(1));
    gatherer.flush();
    gatherer.push(bytes(2));
    gatherer.flush();
    expect(sent).toEqual([bytes(1), bytes(2)]);
    gatherer.push(bytes(3));
    gatherer.drop();
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([bytes(1), bytes(2)]);
  });
});
