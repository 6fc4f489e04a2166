import { describe, expect, it } from 'vitest';
import { ClientMessageSplitter, MAX_CLIENT_CUT_TEXT } from './rfb-client-messages';

const bytes = (...values: number[]) => Buffer.from(values);
const key = (down: boolean) => bytes(4, down ? 1 : 0, 0, 0, 0, 0, 0xff, 0x0d);
const pointer = bytes(5, 0, 0, 10, 0, 20);
const updateRequest = bytes(3, 1, 0, 0, 0, 0, 4, 0, 3, 0);
function cutText(text: string, extended = false): Buffer {
  const head = Buffer.alloc(8);
  head[0] = 6;
  head.writeInt32BE(extended ? -text.length : text.length, 4);
  return Buffer.concat([head, Buffer.from(text, 'latin1')]);
}

describe('the VNC client messages the app relays', () => {
  it('tells the learner’s input (keys, pointer, clipboard) from the client keeping its picture current', () => {
    const encodings = Buffer.concat([bytes(2, 0, 0, 2), Buffer.alloc(8)]);
    const fence = Buffer.concat([bytes(248, 0, 0, 0, 0, 0, 0, 0, 3), bytes(1, 2, 3)]);
    const resize = Buffer.concat([bytes(251, 0, 4, 0, 3, 0, 1, 0), Buffer.alloc(16)]);
    const split = new ClientMessageSplitter().push(
      Buffer.concat([
        Buffer.alloc(20),
        encodings,
        updateRequest,
        key(true),
        pointer,
        cutText('hi'),
        fence,
        resize,
        bytes(150, 1, 0, 0, 0, 0, 4, 0, 3, 0),
      ]),
    );
    expect(split.map((m) => [m.type, m.kind, m.bytes.length])).toEqual([
      [0, 'protocol', 20],
      [2, 'protocol', 12],
      [3, 'protocol', 10],
      [4, 'input', 8],
      [5, 'input', 6],
      [6, 'input', 10],
      [248, 'protocol', 12],
      [251, 'resize', 24],
      [150, 'protocol', 10],
    ]);
  });

  it('keeps a message cut across stream messages until it is whole, byte by byte if need be', () => {
    const splitter = new ClientMessageSplitter();
    const stream = Buffer.concat([key(true), cutText('x'.repeat(300), true), key(false)]);
    const seen: number[] = [];
    for (const byte of stream) for (const m of splitter.push(Buffer.from([byte]))) seen.push(m.bytes.length);
    expect(seen).toEqual([8, 308, 8]);
  });

  it('refuses a message type it does not know, and a clipboard over the limit, instead of guessing lengths', () => {
    expect(() => new ClientMessageSplitter().push(bytes(7, 0, 0))).toThrow(/message type 7/);
    const head = Buffer.alloc(8);
    head[0] = 6;
    head.writeInt32BE(MAX_CLIENT_CUT_TEXT + 1, 4);
    expect(() => new ClientMessageSplitter().push(head)).toThrow(/clipboard of/);
  });
});
