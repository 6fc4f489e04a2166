/**
 * Keeps the docs true to the tree: every relative link of README.md, docs/ and the READMEs under
 * test/ leads to a file or folder that exists (and to a heading that exists, when it names an anchor
 * of a Markdown file), and README's folder map names every folder of src/core.
 * `npx tsx scripts/docs-check.ts` prints what is wrong and exits 1; scripts/docs-check.test.ts runs
 * the same checks in `npm test`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One problem, as `file:line: message`. */
export interface DocProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export function formatProblem(problem: DocProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

/** README.md, every Markdown file under docs/ and the README.md files under test/, relative to `root`. */
export function documentationFiles(root: string): string[] {
  const files = existsSync(join(root, 'README.md')) ? ['README.md'] : [];
  const walk = (dir: string, wanted: (name: string) => boolean): void => {
    if (!existsSync(join(root, dir))) return;
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, wanted);
      else if (wanted(entry.name)) files.push(path);
    }
  };
  walk('docs', (name) => name.endsWith('.md'));
  walk('test', (name) => name === 'README.md');
  return files;
}

interface ProseLine {
  readonly number: number;
  readonly text: string;
}

/** The lines of a Markdown text outside fenced code blocks, with inline code spans blanked out. */
function proseLines(markdown: string): ProseLine[] {
  const lines: ProseLine[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const opening = /^\s{0,3}(`{3,}|~{3,})/.exec(text);
    if (fence) {
      if (opening && opening[1]!.startsWith(fence)) fence = undefined;
      return;
    }
    if (opening) {
      fence = opening[1]!;
      return;
    }
    lines.push({ number: index + 1, text: text.replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length)) });
  });
  return lines;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .replace(/<[^>]+>/g, '')
    .trim();
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown text defines: its headings (repeats get -1, -2, …) and `<a id|name>`. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | undefined;
  for (const text of markdown.split('\n')) {
    const opening = /^\s{0,3}(`{3,}|~{3,})/.exec(text);
    if (fence) {
      if (opening && opening[1]!.startsWith(fence)) fence = undefined;
      continue;
    }
    if (opening) {
      fence = opening[1]!;
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(text);
    if (heading) {
      const slug = headingSlug(heading[1]!);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const named of text.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g)) anchors.add(named[1]!);
  }
  return anchors;
}

const LINK = /!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const HTML_LINK = /<(?:a|img)\s[^>]*(?:href|src)="([^"]+)"/g;
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** The relative links of `file` (relative to `root`) that lead nowhere. */
export function brokenLinks(root: string, file: string): DocProblem[] {
  const problems: DocProblem[] = [];
  const markdown = readFileSync(join(root, file), 'utf8');
  for (const line of proseLines(markdown)) {
    const targets = [...line.text.matchAll(LINK), ...line.text.matchAll(HTML_LINK)].map((match) => match[1]!);
    for (const target of targets) {
      if (EXTERNAL.test(target)) continue;
      const problem = checkTarget(root, file, markdown, target);
      if (problem) problems.push({ file, line: line.number, message: `"${target}": ${problem}` });
    }
  }
  return problems;
}

function checkTarget(root: string, file: string, markdown: string, target: string): string | undefined {
  const hash = target.indexOf('#');
  const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
  const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
  if (pathPart.startsWith('/')) return 'an absolute path; link relative to this file';
  const path = pathPart === '' ? join(root, file) : resolve(root, dirname(file), pathPart);
  if (!path.startsWith(root)) return 'leads outside the repository';
  if (!existsSync(path)) return `no such file or folder (${relative(root, path)})`;
  if (anchor === undefined || anchor === '') return undefined;
  if (statSync(path).isDirectory() || !path.endsWith('.md')) return `an anchor on something that is not a Markdown file`;
  const anchors = pathPart === '' ? anchorsOf(markdown) : anchorsOf(readFileSync(path, 'utf8'));
  return anchors.has(anchor) ? undefined : `no heading makes the anchor #${anchor} in ${relative(root, path)}`;
}

/** Folders of src/core that README.md's folder map does not name as `src/core/<folder>`. */
export function coreFoldersMissingFromReadme(root: string): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return readdirSync(join(root, 'src', 'core'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => !readme.includes(`\`src/core/${name}\``))
    .sort();
}

/** Every problem of the docs under `root`. */
export function documentationProblems(root: string): DocProblem[] {
  const problems = documentationFiles(root).flatMap((file) => brokenLinks(root, file));
  for (const folder of coreFoldersMissingFromReadme(root)) {
    problems.push({ file: 'README.md', line: 1, message: `the folder map does not name src/core/${folder}` });
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = documentationProblems(REPO_ROOT);
  for (const problem of problems) console.error(formatProblem(problem));
  if (problems.length > 0) process.exit(1);
  console.log(`docs: ${documentationFiles(REPO_ROOT).length} files, every relative link and anchor found`);
}
