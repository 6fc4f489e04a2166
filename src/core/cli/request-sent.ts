import { subscribe, unsubscribe } from 'node:diagnostics_channel';

/** undici publishes each request here once its headers are written (undici's docs: Diagnostics Channel). */
const HEADERS_SENT = 'undici:client:sendHeaders';

/**
 * Resolves once undici has written the headers of a request (its `undici:client:sendHeaders`
 * channel), or once `settled` settles, whichever comes first (a refused connection sends nothing).
 * Until then the main thread is needed to connect and write; after it, it waits on the server, and
 * work that the answer does not depend on (opening the data folder's store) can run meanwhile.
 * Any request of the process counts: a CLI run has only its own.
 */
export function requestSent(settled: Promise<unknown>): Promise<void> {
  return new Promise<void>((resolve) => {
    const sent = (): void => {
      unsubscribe(HEADERS_SENT, sent);
      // After the write that published it has been flushed: the caller's work then runs while the request is out.
      setImmediate(resolve);
    };
    subscribe(HEADERS_SENT, sent);
    const done = (): void => {
      unsubscribe(HEADERS_SENT, sent);
      resolve();
    };
    settled.then(done, done);
  });
}
