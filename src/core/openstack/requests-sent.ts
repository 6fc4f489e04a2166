import { subscribe, unsubscribe } from 'node:diagnostics_channel';

/** undici publishes each request here once its headers are written (undici's docs: Diagnostics Channel). */
const HEADERS_SENT = 'undici:client:sendHeaders';

/** What undici's channel says of a request (the fields read here). */
export interface SentRequest {
  readonly method: string;
  readonly path: string;
}

/**
 * Resolves once undici has written the headers of `count` requests that `which` accepts (its
 * `undici:client:sendHeaders` channel), or once `settled` settles, whichever comes first (a refused
 * connection sends nothing). Until then the main thread is needed to connect and write; after it, it
 * waits on the servers, and work that their answers do not depend on (opening the data folder's
 * store) can run meanwhile. Any request of the process counts: a CLI run has only its own.
 */
export function requestsSent(
  count: number,
  settled: Promise<unknown>,
  which: (request: SentRequest) => boolean = () => true,
): Promise<void> {
  return new Promise<void>((resolve) => {
    let seen = 0;
    const done = (): void => {
      unsubscribe(HEADERS_SENT, sent);
      resolve();
    };
    function sent(message: unknown): void {
      if (!which((message as { request: SentRequest }).request) || ++seen < count) return;
      unsubscribe(HEADERS_SENT, sent);
      // After the write that published it has been flushed: the caller's work then runs while the requests are out.
      setImmediate(resolve);
    }
    if (count <= 0) return resolve();
    subscribe(HEADERS_SENT, sent);
    settled.then(done, done);
  });
}

/** Resolves once the process's next request has been written, or `settled` settles. */
export function requestSent(settled: Promise<unknown>): Promise<void> {
  return requestsSent(1, settled);
}
