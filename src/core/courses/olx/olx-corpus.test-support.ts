import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The hastexo course export the tests convert (written from hastexo's documented examples). */
export const OLX_CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'test', 'data', 'olx', 'networking-101');

/** A private copy of the corpus a test may change. */
export async function copyCorpus(dest: string): Promise<string> {
  await cp(OLX_CORPUS, dest, { recursive: true });
  return dest;
}

/** Replaces text in a file of a corpus copy; fails loudly when the text is not there. */
export async function editCorpusFile(root: string, path: string, from: string | RegExp, to: string): Promise<void> {
  const file = join(root, ...path.split('/'));
  const text = await readFile(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${path}: "${String(from)}" not found`);
  await writeFile(file, next);
}

export async function writeCorpusFile(root: string, path: string, content: string): Promise<void> {
  await writeFile(join(root, ...path.split('/')), content);
}

/** The files of an export folder as tar entries under `prefix` (Studio's exports hold one "course/" folder). */
export async function exportEntries(root: string, prefix = 'course/'): Promise<{ path: string; content: Buffer }[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  files.sort();
  return Promise.all(
    files.map(async (file) => ({
      path: `${prefix}${file
        .slice(root.length + 1)
        .split(/[\\/]/)
        .join('/')}`,
      content: await readFile(file),
    })),
  );
}
