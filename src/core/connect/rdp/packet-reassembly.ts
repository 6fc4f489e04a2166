import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface RdpjsStream {
  buffer: Buffer;
  offset: number;
}

/** node-rdpjs-2's BufferLayer, as far as cutting the byte stream into packets goes. */
export interface RdpjsBufferLayer {
  buffers: Buffer[];
  bufferLength: number;
  /** Bytes the layer above wants next (a TPKT header, then its packet). */
  expectedSize: number;
  recv(data: Buffer): void;
  emit(event: 'data', stream: RdpjsStream): boolean;
  /**
   * Takes whole packets off the front of the first chunk before they are cut and handed up one
   * layer at a time; returns the bytes it took, 0 when it leaves them (see tpkt-bitmap-path.ts).
   */
  takeWhole?: (chunk: Buffer) => number;
}

/**
 * Has the layer hand each packet on as a view of the bytes TLS gave, when one chunk holds it
 * whole (nearly always), and copy only packets split across chunks. node-rdpjs-2 built every
 * packet in a fresh zero-filled buffer through its type layer: one allocation and copy per
 * packet (~16 KiB each, thousands a second while the screen scrolls), paid again in garbage
 * collection. The chunks are never written to afterwards, so a view is as good as a copy.
 */
export function reassemblePacketsWithoutCopying(layer: RdpjsBufferLayer): void {
  const { Stream } = require('node-rdpjs-2/lib/core/type.js') as { Stream: new (buffer: Buffer) => RdpjsStream };
  layer.recv = function (data) {
    this.buffers.push(data);
    this.bufferLength += data.length;
    for (;;) {
      const tookWhole = this.takeWhole && this.buffers.length > 0 ? this.takeWhole(this.buffers[0]!) : 0;
      if (tookWhole > 0) {
        const first = this.buffers[0]!;
        if (first.length > tookWhole) this.buffers[0] = first.subarray(tookWhole);
        else this.buffers.shift();
        this.bufferLength -= tookWhole;
        continue;
      }
      if (this.bufferLength < this.expectedSize) break;
      const size = this.expectedSize;
      const first = this.buffers[0]!;
      let packet: Buffer;
      if (first.length >= size) {
        packet = first.subarray(0, size);
        if (first.length > size) this.buffers[0] = first.subarray(size);
        else this.buffers.shift();
      } else {
        packet = Buffer.allocUnsafe(size);
        let filled = 0;
        while (filled < size) {
          const chunk = this.buffers.shift()!;
          const taken = Math.min(chunk.length, size - filled);
          chunk.copy(packet, filled, 0, taken);
          if (taken < chunk.length) this.buffers.unshift(chunk.subarray(taken));
          filled += taken;
        }
      }
      this.bufferLength -= size;
      this.emit('data', new Stream(packet));
    }
  };
}
