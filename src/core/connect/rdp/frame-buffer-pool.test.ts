import { describe, expect, it } from 'vitest';
import { FrameBufferPool } from './frame-buffer-pool';

describe('FrameBufferPool', () => {
  it('does not hand out a buffer again before its message is acknowledged', () => {
    const pool = new FrameBufferPool();
    const first = pool.take(1000);
    pool.sent(first);
    const second = pool.take(1000);
    pool.sent(second);
    expect(second.buffer).not.toBe(first.buffer);
    pool.acknowledged(999); // one byte short of the first message
    expect(pool.take(1000).buffer).not.toBe(first.buffer);
    pool.acknowledged(1);
    expect(pool.take(1000).buffer).toBe(first.buffer);
  });

  it('frees buffers in the order their messages went out, as acknowledgements cover them', () => {
    const pool = new FrameBufferPool();
    const messages = [300, 500, 200].map((bytes) => {
      const message = pool.take(bytes);
      pool.sent(message);
      return message;
    });
    pool.acknowledged(300 + 499);
    expect(pool.freeBuffers).toBe(1);
    expect(pool.messagesInFlight).toBe(2);
    pool.acknowledged(1 + 200);
    expect(pool.freeBuffers).toBe(3);
    expect(pool.messagesInFlight).toBe(0);
    const reused = new Set([pool.take(100), pool.take(100), pool.take(100)].map((m) => m.buffer));
    expect(reused).toEqual(new Set(messages.map((m) => m.buffer)));
  });

  it('gives a view of exactly the bytes asked for, on the smallest free buffer that holds them', () => {
    const pool = new FrameBufferPool(4, 1024);
    const small = pool.take(1000);
    const large = pool.take(5000);
    pool.sent(small);
    pool.sent(large);
    pool.acknowledged(6000);
    const message = pool.take(900);
    expect(message.byteLength).toBe(900);
    expect(message.byteOffset).toBe(0);
    expect(message.buffer).toBe(small.buffer);
    expect(pool.take(3000).buffer).toBe(large.buffer);
  });

  it('never reuses what a stream that went away held, and keeps only a few free buffers', () => {
    const pool = new FrameBufferPool(2);
    const held = pool.take(100);
    pool.sent(held);
    pool.forgetInFlight();
    pool.acknowledged(100);
    expect(pool.freeBuffers).toBe(0);
    expect(pool.take(100).buffer).not.toBe(held.buffer);
    const many = Array.from({ length: 5 }, () => pool.take(100));
    for (const m of many) pool.sent(m);
    pool.acknowledged(500);
    expect(pool.freeBuffers).toBe(2);
  });
});
