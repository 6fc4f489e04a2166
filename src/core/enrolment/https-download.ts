import { request, type Dispatcher } from 'undici';
import { UserFacingError } from '../api/user-error';
import { createDispatcher } from '../openstack/transport/dispatcher';

const MAX_REDIRECTS = 3;

export interface HttpsDownloadOptions {
  /** How to reach the server; by default the system's CAs and the proxy variables, as for a cloud. */
  readonly dispatcher?: Dispatcher;
  readonly timeoutMs?: number;
}

/** What is downloaded, for the messages and the limits: an enrolment file, a course bundle. */
export interface DownloadKind {
  /** "enrolment file" */
  readonly noun: string;
  /** "enrolment files" */
  readonly plural: string;
  /** "an enrolment file" */
  readonly withArticle: string;
  readonly maxBytes: number;
  readonly accept: string;
}

const refuse = (text: string) => new UserFacingError('invalid_input', text);

function httpsUrl(text: string, what: string, kind: DownloadKind): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse(`${what} ${JSON.stringify(text.slice(0, 200))} is not a web address.`);
  }
  if (url.protocol !== 'https:')
    throw refuse(`${what} ${url.href.slice(0, 200)} is not https: ${kind.plural} are only fetched over https.`);
  if (url.username || url.password) throw refuse(`${what} must not carry a user name or password.`);
  return url;
}

/**
 * GETs `address` over https only (redirects too, at most three), no cookies or credentials sent,
 * and hands each chunk of the body to `take` until `kind.maxBytes`: a larger body is refused, by
 * its Content-Length before any byte is read, else as soon as it passes the limit. Returns the
 * address the body came from (after redirects) and a safe file name taken from it.
 */
export async function downloadOverHttps(
  address: string,
  what: string,
  kind: DownloadKind,
  take: (chunk: Buffer) => Promise<void> | void,
  options: HttpsDownloadOptions = {},
): Promise<{ url: URL; fileName: string | undefined }> {
  let url = httpsUrl(address, what, kind);
  const dispatcher = options.dispatcher ?? createDispatcher({ tls: { verify: true }, connectTimeoutMs: 10_000 });
  const timeoutMs = options.timeoutMs ?? 15_000;
  for (let hop = 0; ; hop++) {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'GET',
        dispatcher,
        headers: { accept: kind.accept },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
    } catch (error) {
      throw new UserFacingError('network', `Could not download the ${kind.noun} from ${url.href}: ${(error as Error).message}`);
    }
    const { statusCode, headers, body } = response;
    if (statusCode >= 300 && statusCode < 400 && headers.location) {
      await body.dump();
      if (hop >= MAX_REDIRECTS) throw refuse(`${address} redirects more than ${MAX_REDIRECTS} times.`);
      url = httpsUrl(new URL(String(headers.location), url).href, `${url.href} redirects to`, kind);
      continue;
    }
    if (statusCode !== 200) {
      await body.dump();
      throw new UserFacingError('unavailable', `${url.href} answered HTTP ${statusCode}: no ${kind.noun} there.`);
    }
    const declared = Number(headers['content-length']);
    if (declared > kind.maxBytes) {
      await body.dump();
      throw refuse(`${url.href} is ${declared} bytes: not ${kind.withArticle} (at most ${kind.maxBytes}).`);
    }
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > kind.maxBytes) {
        body.destroy();
        throw refuse(`${url.href} is larger than ${kind.maxBytes} bytes: not ${kind.withArticle}.`);
      }
      await take(chunk as Buffer);
    }
    const name = decodeURIComponent(url.pathname.split('/').pop() ?? '').replace(/[^\w.@-]/g, '_');
    return { url, fileName: name.length > 0 && name.length <= 255 ? name : undefined };
  }
}
