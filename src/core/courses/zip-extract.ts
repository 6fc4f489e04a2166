import yauzl from 'yauzl';
import { CourseBundleError } from './course-errors';
import { safeEntryPath } from './entry-path';
import { isIgnoredEntry, type BundleLimits } from './file-policy';
import type { StagingWriter } from './staging-writer';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
/** APPNOTE 4.4.2: the high byte of "version made by" is the host system; 3 = UNIX. */
const HOST_UNIX = 3;
const MAX_LINK_TARGET = 4096;

/** Extracts a .zip through the staging writer, entry by entry, without trusting its headers. */
export async function extractZip(file: string, writer: StagingWriter, limits: BundleLimits): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings: false — we decode and judge names ourselves, to refuse them with our own message.
    zip = await yauzl.openPromise(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: true });
  } catch (error) {
    throw corrupt(error);
  }
  try {
    if (zip.entryCount > limits.maxFiles) {
      throw new CourseBundleError(
        'too-many-files',
        '',
        `the archive lists ${zip.entryCount} entries; a course bundle may hold at most ${limits.maxFiles}`,
      );
    }
    for await (const entry of zip.eachEntry()) {
      const rawName = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      const path = safeEntryPath(rawName, limits);
      if (path === '' || isIgnoredEntry(path)) continue;
      const type = entryType(entry, rawName);
      if (type === S_IFDIR) {
        await writer.addDirectory(path);
      } else if (type === S_IFLNK) {
        writer.addLink(path, await readAll(zip, entry, MAX_LINK_TARGET), 'symbolic');
      } else if (type === S_IFREG) {
        if (entry.isEncrypted()) throw new CourseBundleError('corrupt-archive', path, `entry "${path}" is encrypted; bundles cannot be`);
        await writer.addFile(path, await openEntry(zip, entry), entry.uncompressedSize);
      } else {
        throw new CourseBundleError(
          'special-file',
          path,
          `entry "${path}" is a device, pipe or socket; a bundle holds files and folders only`,
        );
      }
    }
  } catch (error) {
    throw error instanceof CourseBundleError ? error : corrupt(error);
  } finally {
    zip.close();
  }
}

/**
 * The entry's Unix file type when the archive states one; otherwise its name decides (a trailing
 * "/" is a folder). Python's zipfile.writestr() and other tools write permission bits with no
 * file type (0o600, not 0o100600): such an entry is a file or folder, not a device.
 */
function entryType(entry: yauzl.Entry, rawName: string): number {
  const unixType = (entry.externalFileAttributes >>> 16) & 0xffff & S_IFMT;
  if (entry.versionMadeBy >> 8 === HOST_UNIX && unixType !== 0) return unixType;
  return rawName.endsWith('/') ? S_IFDIR : S_IFREG;
}

async function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<AsyncIterable<Buffer>> {
  const stream = await zip.openReadStreamPromise(entry);
  // The first error reaches us through the iterator; yauzl's size check can fire again for a
  // chunk already in flight after we stopped reading, and that one must not crash the process.
  stream.on('error', () => undefined);
  return stream;
}

async function readAll(zip: yauzl.ZipFile, entry: yauzl.Entry, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of await openEntry(zip, entry)) {
    length += chunk.length;
    if (length > max) throw new CourseBundleError('bad-link', '', 'a symbolic link in the archive has an over-long target');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function corrupt(error: unknown): CourseBundleError {
  const reason = error instanceof Error ? error.message : String(error);
  return new CourseBundleError('corrupt-archive', '', `the .zip file is damaged or not a zip archive (${reason})`);
}
