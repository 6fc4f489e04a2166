/**
 * The peer's page for the ssh-chromium bench: the app's own xterm (createXterm, the renderer it
 * picks) fed over a plain WebSocket by a minimal relay of OpenSSH's output, with the same
 * write-callback acknowledgements the app uses (batched per 64 KiB).
 */
import { createXterm, type Xterm } from '../../src/renderer/terminal/create-xterm';

interface PeerTerminal {
  /** A terminal filling a box of `width` × `height` px; resolves with its renderer. */
  open(width: number, height: number, fontSize: number): string | undefined;
  /** Feeds the terminal from the relay at `url` until the socket closes. */
  connect(url: string): Promise<void>;
}

const ACK_EVERY = 64 * 1024;
let xterm: Xterm | undefined;

const peer: PeerTerminal = {
  open(width, height, fontSize) {
    const host = document.createElement('div');
    host.className = 'terminal-view';
    host.style.cssText = `width: ${width}px; height: ${height}px`;
    document.body.replaceChildren(host);
    xterm = createXterm(host, { fontSize, screenReaderMode: false });
    return xterm.terminal.element?.dataset.renderer;
  },
  connect(url) {
    const terminal = xterm!.terminal;
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    let consumed = 0;
    socket.onmessage = (event: MessageEvent<ArrayBuffer>) => {
      const bytes = new Uint8Array(event.data);
      terminal.write(bytes, () => {
        consumed += bytes.length;
        if (consumed >= ACK_EVERY && socket.readyState === WebSocket.OPEN) {
          socket.send(String(consumed));
          consumed = 0;
        }
      });
    };
    return new Promise((resolve, reject) => {
      socket.onopen = () => resolve();
      socket.onerror = () => reject(new Error(`the relay at ${url} refused the page`));
    });
  },
};

(window as unknown as { peerTerminal: PeerTerminal }).peerTerminal = peer;
