import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * @xterm/headless in a worker thread, as xterm runs in the renderer process in the app: parsing
 * and SSH proceed in parallel, and every chunk crosses a thread boundary (one copy, as the IPC or
 * WebSocket makes) as it crosses to the renderer. Every side of the ssh bench writes through it.
 */
const XTERM_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Terminal } = require('node:module').createRequire(workerData.base)('@xterm/headless');
const make = () => new Terminal({ cols: 80, rows: 24, scrollback: 1000, allowProposedApi: true });
let term = make();
parentPort.on('message', (m) => {
  if (m.type === 'write') {
    const n = m.data.byteLength;
    term.write(m.data, () => parentPort.postMessage({ type: 'ack', bytes: n, id: m.id }));
  } else if (m.type === 'reset') {
    term.dispose();
    term = make();
    parentPort.postMessage({ type: 'reset' });
  } else if (m.type === 'parse-alone') {
    // The parser's own limit: write as fast as xterm's write callbacks allow (2 MiB in flight).
    const t = make();
    const chunks = m.chunks;
    let i = 0;
    let pending = 0;
    const start = performance.now();
    const pump = () => {
      while (i < chunks.length && pending <= ${2 * 1024 * 1024}) {
        const c = chunks[i++];
        pending += c.byteLength;
        t.write(c, () => {
          pending -= c.byteLength;
          if (i < chunks.length) pump();
          else if (pending === 0) { parentPort.postMessage({ type: 'parsed', ms: performance.now() - start }); t.dispose(); }
        });
      }
    };
    pump();
  }
});
`;

export class XtermWorker {
  private readonly worker = new Worker(XTERM_WORKER, { eval: true, workerData: { base: join(process.cwd(), 'package.json') } });
  private nextId = 0;
  private readonly acks = new Map<number, () => void>();
  onAck: (bytes: number) => void = () => undefined;

  constructor() {
    this.worker.on('message', (m: { type: string; bytes: number; id: number }) => {
      if (m.type !== 'ack') return;
      this.onAck(m.bytes);
      this.acks.get(m.id)?.();
      this.acks.delete(m.id);
    });
  }

  /** Sends output to xterm (copied across, as the IPC does); `parsed` runs once xterm has parsed it. */
  write(data: Buffer, parsed?: () => void): void {
    const copy = new Uint8Array(data);
    const id = this.nextId++;
    if (parsed) this.acks.set(id, parsed);
    this.worker.postMessage({ type: 'write', data: copy, id }, [copy.buffer]);
  }

  /** A fresh terminal for the next side, so no side parses into another's scrollback. */
  reset(): Promise<void> {
    return this.reply('reset', () => this.worker.postMessage({ type: 'reset' })).then(() => undefined);
  }

  /** Milliseconds xterm's parser alone needs for `chunks`, timed inside the worker. */
  parseAlone(chunks: readonly Buffer[]): Promise<number> {
    return this.reply('parsed', () => {
      const copies = chunks.map((c) => new Uint8Array(c));
      this.worker.postMessage(
        { type: 'parse-alone', chunks: copies },
        copies.map((c) => c.buffer),
      );
    }).then((m) => m.ms);
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private reply(type: string, send: () => void): Promise<{ ms: number }> {
    return new Promise((resolve) => {
      const onMessage = (m: { type: string; ms: number }) => {
        if (m.type !== type) return;
        this.worker.off('message', onMessage);
        resolve(m);
      };
      this.worker.on('message', onMessage);
      send();
    });
  }
}
