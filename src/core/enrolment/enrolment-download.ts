import { downloadOverHttps, type DownloadKind, type HttpsDownloadOptions } from './https-download';

/** Enrolment files are a few hundred bytes; the contract takes at most this. */
export const MAX_ENROLMENT_BYTES = 64 * 1024;

export type EnrolmentDownloadOptions = HttpsDownloadOptions;

const ENROLMENT_FILE: DownloadKind = {
  noun: 'enrolment file',
  plural: 'enrolment files',
  withArticle: 'an enrolment file',
  maxBytes: MAX_ENROLMENT_BYTES,
  accept: 'application/json',
};

/**
 * Fetches the enrolment file a `labconsole://enrol?url=…` link names: https only (redirects too),
 * at most 64 KB, no cookies or credentials sent. Nothing is added here: the caller shows what the
 * file would add and asks first.
 */
export async function downloadEnrolment(
  address: string,
  options: EnrolmentDownloadOptions = {},
): Promise<{ fileName: string; text: string }> {
  const chunks: Buffer[] = [];
  const { fileName } = await downloadOverHttps(
    address,
    'The enrolment address',
    ENROLMENT_FILE,
    (chunk) => void chunks.push(chunk),
    options,
  );
  return { fileName: fileName ?? 'enrolment.lab-enrol.json', text: Buffer.concat(chunks).toString('utf8') };
}
