import type { StreamUp } from '../../shared/stream';
import type { LiveStream, StreamOpener } from './live-stream';

/**
 * A stream opener whose transport code loads when the first live session opens: the stream's
 * control messages are checked with zod, which the first screen (the library) does without.
 * The real stream is opened once that code is there, so every message it receives arrives in
 * order; what the UI sends before then waits, and a close before then closes nothing but says so.
 */
export function deferredStreamOpener(load: () => Promise<StreamOpener>): StreamOpener {
  let loading: Promise<StreamOpener> | undefined;
  return (sessionId, handlers) => {
    let stream: LiveStream | undefined;
    let closed = false;
    const queued: StreamUp[] = [];
    (loading ??= load()).then(
      (open) => {
        if (closed) return;
        stream = open(sessionId, handlers);
        for (const message of queued.splice(0)) stream.send(message);
      },
      (error: unknown) => {
        loading = undefined;
        if (!closed) handlers.onClose(error instanceof Error ? error.message : String(error));
        closed = true;
      },
    );
    return {
      send: (message) => (stream ? stream.send(message) : void queued.push(message)),
      close: () => {
        if (stream) return stream.close();
        if (closed) return;
        closed = true;
        handlers.onClose('closed by the UI');
      },
    };
  };
}
