import { request, type Dispatcher } from 'undici';
import { UserFacingError } from '../api/user-error';
import { createDispatcher } from '../openstack/transport/dispatcher';

/** Enrolment files are a few hundred bytes; the contract takes at most this. */
export const MAX_ENROLMENT_BYTES = 64 * 1024;
const MAX_REDIRECTS = 3;

export interface EnrolmentDownloadOptions {
  /** How to reach the server; by default the system's CAs and the proxy variables, as for a cloud. */
  readonly dispatcher?: Dispatcher;
  readonly timeoutMs?: number;
}

const refuse = (text: string) => new UserFacingError('invalid_input', text);

function httpsUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse(`${what} ${JSON.stringify(text.slice(0, 200))} is not a web address.`);
  }
  if (url.protocol !== 'https:')
    throw refuse(`${what} ${url.href.slice(0, 200)} is not https: enrolment files are only fetched over https.`);
  if (url.username || url.password) throw refuse(`${what} must not carry a user name or password.`);
  return url;
}

/**
 * Fetches the enrolment file a `labconsole://enrol?url=…` link names: https only (redirects too),
 * at most 64 KB, no cookies or credentials sent. Nothing is added here: the caller shows what the
 * file would add and asks first.
 */
export async function downloadEnrolment(
  address: string,
  options: EnrolmentDownloadOptions = {},
): Promise<{ fileName: string; text: string }> {
  let url = httpsUrl(address, 'The enrolment address');
  const dispatcher = options.dispatcher ?? createDispatcher({ tls: { verify: true }, connectTimeoutMs: 10_000 });
  const timeoutMs = options.timeoutMs ?? 15_000;
  for (let hop = 0; ; hop++) {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'GET',
        dispatcher,
        headers: { accept: 'application/json' },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
    } catch (error) {
      throw new UserFacingError('network', `Could not download the enrolment file from ${url.href}: ${(error as Error).message}`);
    }
    const { statusCode, headers, body } = response;
    if (statusCode >= 300 && statusCode < 400 && headers.location) {
      await body.dump();
      if (hop >= MAX_REDIRECTS) throw refuse(`${address} redirects more than ${MAX_REDIRECTS} times.`);
      url = httpsUrl(new URL(String(headers.location), url).href, `${url.href} redirects to`);
      continue;
    }
    if (statusCode !== 200) {
      await body.dump();
      throw new UserFacingError('unavailable', `${url.href} answered HTTP ${statusCode}: no enrolment file there.`);
    }
    const declared = Number(headers['content-length']);
    if (declared > MAX_ENROLMENT_BYTES) {
      await body.dump();
      throw refuse(`${url.href} is ${declared} bytes: not an enrolment file (at most ${MAX_ENROLMENT_BYTES}).`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > MAX_ENROLMENT_BYTES) {
        body.destroy();
        throw refuse(`${url.href} is larger than ${MAX_ENROLMENT_BYTES} bytes: not an enrolment file.`);
      }
      chunks.push(chunk as Buffer);
    }
    const name = decodeURIComponent(url.pathname.split('/').pop() ?? '').replace(/[^\w.@-]/g, '_');
    return {
      fileName: name.length > 0 && name.length <= 255 ? name : 'enrolment.lab-enrol.json',
      text: Buffer.concat(chunks).toString('utf8'),
    };
  }
}
