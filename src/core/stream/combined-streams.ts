import type { StreamSessions } from './stream-endpoint';

/**
 * One StreamSessions for the transports (browser mode's /stream socket, Electron's ports) over
 * every kind of live session: session ids are random and unique across kinds, so the first
 * that knows the id takes the stream.
 */
export function combineStreamSessions(...kinds: readonly StreamSessions[]): StreamSessions {
  return {
    attach(sessionId, endpoint) {
      for (const kind of kinds) {
        const attached = kind.attach(sessionId, endpoint);
        if (attached) return attached;
      }
      return undefined;
    },
  };
}
