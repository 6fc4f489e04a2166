import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { CourseBundleError } from './course-errors';
import { safeEntryPath } from './entry-path';
import { isIgnoredEntry, type BundleLimits } from './file-policy';
import type { StagingWriter } from './staging-writer';

/** Room for tar's own headers and padding beyond the file bytes the writer counts. */
const HEADER_ALLOWANCE_PER_ENTRY = 3 * 512;
const META_ENTRY_MAX = 64 * 1024;

/**
 * Extracts a .tar.gz through the staging writer. We gunzip ourselves and count every byte that
 * comes out, so neither the gzip stream nor the tar headers can make us read more than the limits
 * allow (a tar of only headers and padding is as much a bomb as one big file).
 */
export function extractTarGz(file: string, writer: StagingWriter, limits: BundleLimits, archiveBytes: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const source = createReadStream(file);
    const gunzip = createGunzip();
    const parser = new Parser({ strict: true, maxMetaEntrySize: META_ENTRY_MAX });
    const streamCap = limits.maxTotalBytes + (limits.maxFiles + 4) * HEADER_ALLOWANCE_PER_ENTRY;
    let out = 0;
    let settled = false;
    const pending: Promise<void>[] = [];

    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      source.destroy();
      gunzip.destroy();
      counter.destroy();
      parser.abort(error instanceof Error ? error : new Error(String(error)));
      reject(toBundleError(error));
    };

    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback: TransformCallback) {
        out += chunk.length;
        if (out > streamCap) {
          callback(
            new CourseBundleError(
              'too-large',
              '',
              `the archive expands to more than the ${limits.maxTotalBytes} bytes a course bundle may hold; refused`,
            ),
          );
        } else if (out > limits.ratioGraceBytes && out > archiveBytes * limits.maxCompressionRatio) {
          callback(
            new CourseBundleError(
              'compression-ratio',
              '',
              `the archive expands more than ${limits.maxCompressionRatio}× its own size: refused as a likely archive bomb`,
            ),
          );
        } else {
          callback(null, chunk);
        }
      },
    });

    const handle = async (entry: ReadEntry): Promise<void> => {
      const path = safeEntryPath(entry.path, limits);
      if (path === '' || isIgnoredEntry(path)) {
        entry.resume();
        return;
      }
      switch (entry.type) {
        case 'File':
        case 'OldFile':
        case 'ContiguousFile':
          await writer.addFile(path, entry, entry.size);
          return;
        case 'Directory':
          entry.resume();
          await writer.addDirectory(path);
          return;
        case 'SymbolicLink':
        case 'Link':
          entry.resume();
          writer.addLink(path, entry.linkpath ?? '', entry.type === 'Link' ? 'hard' : 'symbolic');
          return;
        default:
          entry.resume();
          throw new CourseBundleError('special-file', path, `entry "${path}" is a ${entry.type}; a bundle holds files and folders only`);
      }
    };

    parser.on('entry', (entry: ReadEntry) => {
      if (settled) {
        entry.resume();
        return;
      }
      pending.push(handle(entry).catch(fail));
    });
    parser.on('error', fail);
    parser.on('end', () => {
      Promise.all(pending).then(() => {
        if (!settled) {
          settled = true;
          resolve();
        }
      }, fail);
    });
    source.on('error', fail);
    gunzip.on('error', fail);
    counter.on('error', fail);
    source
      .pipe(gunzip)
      .pipe(counter)
      .pipe(parser as unknown as NodeJS.WritableStream);
  });
}

function toBundleError(error: unknown): CourseBundleError {
  if (error instanceof CourseBundleError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new CourseBundleError('corrupt-archive', '', `the .tar.gz file is damaged or not a gzip-compressed tar archive (${reason})`);
}
