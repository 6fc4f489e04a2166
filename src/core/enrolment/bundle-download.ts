import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BUNDLE_LIMITS } from '../courses/file-policy';
import { downloadOverHttps, type DownloadKind, type HttpsDownloadOptions } from './https-download';

/** A downloaded course bundle, in a private temporary folder until `remove`. */
export interface DownloadedBundle {
  readonly path: string;
  /** The https address it came from (after redirects), shown to the learner. */
  readonly sourceUrl: string;
  remove(): Promise<void>;
}

export interface BundleDownloadOptions extends HttpsDownloadOptions {
  /** The largest bundle taken; by default what the importer unpacks at most (an archive is not larger than its content). */
  readonly maxBytes?: number;
}

/**
 * Downloads the course bundle an enrolment file names by URL, as the enrolment file itself is
 * fetched: https only (redirects too), a size cap, no cookies or credentials. It is only written to
 * a temporary file: the importer checks it as any other bundle before anything joins the library.
 */
export async function downloadCourseBundle(address: string, options: BundleDownloadOptions = {}): Promise<DownloadedBundle> {
  const kind: DownloadKind = {
    noun: 'course bundle',
    plural: 'course bundles',
    withArticle: 'a course bundle',
    maxBytes: options.maxBytes ?? DEFAULT_BUNDLE_LIMITS.maxTotalBytes,
    accept: 'application/gzip, application/zip, application/octet-stream',
  };
  const dir = await mkdtemp(join(tmpdir(), 'lab-console-bundle-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  // The importer tells a .zip from a .tar.gz by its first bytes, not by its name.
  const path = join(dir, 'bundle');
  try {
    const file = await open(path, 'wx', 0o600);
    let url: URL;
    try {
      ({ url } = await downloadOverHttps(
        address,
        'The course bundle address',
        kind,
        async (chunk) => void (await file.write(chunk)),
        options,
      ));
    } finally {
      await file.close();
    }
    return { path, sourceUrl: url.href, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
