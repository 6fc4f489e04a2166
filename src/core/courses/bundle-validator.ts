import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { CourseManifestSchema, isBundlePath, type CourseIssue, type CourseManifest } from '../../shared/course';
import { mapBounded } from './bounded-parallel';
import { fileTypeProblem, isImagePath } from './file-policy';
import { asArray, asRecord, asString, referenceProblems } from './manifest-references';
import { analyzeMarkdown, resolveImageRef } from './markdown-refs';
import { labTemplateIssues } from './lab-template';
import { templateContractProblems } from './template-contract';
import { YamlSource, type FieldPath } from './yaml-source';
import { zodProblems } from './zod-problems';

export const MANIFEST_FILE = 'course.yaml';
const READ_PARALLELISM = 8;

export interface BundleValidation {
  /** Set only when there are no issues. */
  readonly manifest: CourseManifest | null;
  readonly issues: readonly CourseIssue[];
  /** Every file of the bundle, relative, "/"-separated, sorted. */
  readonly files: readonly string[];
}

/**
 * Validates an extracted bundle (regular files only: staging already refused links and
 * special files). Collects every problem of every file rather than stopping at the first.
 */
export async function validateBundleDir(dir: string): Promise<BundleValidation> {
  const files = await listBundleFiles(dir);
  const fileSet = new Set(files);
  const issues: CourseIssue[] = [];
  const read = (path: string): Promise<string> => readFile(join(dir, ...path.split('/')), 'utf8');

  if (!fileSet.has(MANIFEST_FILE)) {
    issues.push(fileIssue(MANIFEST_FILE, 'missing: a bundle has course.yaml at its root'));
    return { manifest: null, issues, files };
  }
  const source = new YamlSource(MANIFEST_FILE, await read(MANIFEST_FILE));
  if (!source.ok) return { manifest: null, issues: source.issues, files };
  const raw = source.data;

  const parsed = CourseManifestSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) issues.push(...zodProblems(parsed.error.issues, raw).map((p) => source.issue(p)));
  issues.push(...referenceProblems(raw).map((p) => source.issue(p)));

  const refs = fileReferences(raw);
  const shebangChecked = new Set<string>();
  for (const ref of refs) {
    if (!isBundlePath(ref.value)) continue; // the schema already reported the path's shape
    if (!fileSet.has(ref.value)) {
      issues.push(source.issue({ path: ref.path, message: `file not found in the bundle: "${ref.value}"` }));
      continue;
    }
    const kindProblem = kindMismatch(ref.kind, ref.value);
    if (kindProblem) issues.push(source.issue({ path: ref.path, message: kindProblem }));
    if (ref.kind === 'script' && !shebangChecked.has(ref.value)) {
      shebangChecked.add(ref.value);
      const text = await read(ref.value);
      if (!text.startsWith('#!')) {
        issues.push({
          file: ref.value,
          line: 1,
          column: 1,
          path: '',
          message: 'a script must start with a "#!" line (e.g. #!/bin/sh): it is run as a program on the lab',
        });
      }
    }
  }

  const markdownFiles = [...new Set(refs.filter((r) => r.kind === 'markdown' && fileSet.has(r.value)).map((r) => r.value))];
  const markdownProblems = await mapBounded(markdownFiles, READ_PARALLELISM, async (file) =>
    markdownIssues(file, await read(file), fileSet),
  );
  issues.push(...markdownProblems.flat());

  const rawLab = asRecord(asRecord(raw)?.lab);
  const templatePaths = [rawLab?.template, ...asArray(rawLab?.providers).map((p) => asRecord(p)?.template)].map(asString);
  const templateFolders = ['lab'];
  for (const templatePath of templatePaths) if (templatePath?.includes('/')) templateFolders.push(posix.dirname(templatePath));
  const scripts = new Set(refs.filter((r) => r.kind === 'script').map((r) => r.value));
  for (const file of files) {
    const problem = fileTypeProblem(file, { templateFolders, scripts });
    if (problem) issues.push(fileIssue(file, problem));
  }

  const manifest = parsed.success ? parsed.data : null;
  if (manifest?.lab && fileSet.has(manifest.lab.template)) {
    issues.push(...(await templateIssues(dir, manifest, raw, source, read, fileSet)));
  }
  return { manifest: issues.length === 0 ? manifest : null, issues: sortIssues(issues), files };
}

async function templateIssues(
  dir: string,
  manifest: CourseManifest,
  raw: unknown,
  source: YamlSource,
  read: (path: string) => Promise<string>,
  fileSet: ReadonlySet<string>,
): Promise<CourseIssue[]> {
  const lab = manifest.lab;
  if (!lab) return [];
  // The lab's own template and environment, then each preferred cloud's (checked once per pair).
  const pairs = new Map<string, { template: string; environment: string | null }>();
  for (const pair of [
    lab,
    ...(lab.providers ?? []).map((p) => ({ template: p.template ?? lab.template, environment: p.environment ?? lab.environment })),
  ]) {
    if (fileSet.has(pair.template))
      pairs.set(`${pair.template}\n${pair.environment ?? ''}`, { template: pair.template, environment: pair.environment });
  }
  const issues: CourseIssue[] = [];
  const seen = new Set<string>();
  for (const pair of pairs.values()) {
    for (const issue of await templatePairIssues(dir, manifest, raw, source, read, fileSet, pair.template, pair.environment)) {
      const key = formatCourseIssueKey(issue);
      if (!seen.has(key)) issues.push(issue);
      seen.add(key);
    }
  }
  return issues;
}

function formatCourseIssueKey(issue: CourseIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}:${issue.path}:${issue.message}`;
}

async function templatePairIssues(
  dir: string,
  manifest: CourseManifest,
  raw: unknown,
  source: YamlSource,
  read: (path: string) => Promise<string>,
  fileSet: ReadonlySet<string>,
  templatePath: string,
  environmentPath: string | null,
): Promise<CourseIssue[]> {
  const template = new YamlSource(templatePath, await read(templatePath));
  const environment =
    environmentPath && fileSet.has(environmentPath) ? new YamlSource(environmentPath, await read(environmentPath)) : undefined;
  const yamlIssues = [...template.issues, ...(environment?.issues ?? [])];
  if (yamlIssues.length > 0) return yamlIssues;
  const problems = templateContractProblems(manifest, raw, template, environment);
  const contractIssues = [...problems.course.map((p) => source.issue(p)), ...problems.template.map((p) => template.issue(p))];
  // Not a template, or a missing environment, is reported above; otherwise follow every file they name as a launch would.
  const followable = asRecord(template.data)?.heat_template_version !== undefined && (!environmentPath || environment);
  const sources = { template: templatePath, environment: environmentPath };
  return followable ? [...contractIssues, ...(await labTemplateIssues(dir, sources))] : contractIssues;
}

type RefKind = 'markdown' | 'image' | 'script' | 'yaml';

interface FileRef {
  readonly path: FieldPath;
  readonly value: string;
  readonly kind: RefKind;
}

/** Every file course.yaml names, read defensively from the raw data. */
function fileReferences(raw: unknown): FileRef[] {
  const refs: FileRef[] = [];
  const add = (path: FieldPath, value: unknown, kind: RefKind): void => {
    if (typeof value === 'string') refs.push({ path, value, kind });
  };
  const root = asRecord(raw);
  const lab = asRecord(root?.lab);
  add(['lab', 'template'], lab?.template, 'yaml');
  add(['lab', 'environment'], lab?.environment, 'yaml');
  asArray(lab?.providers).forEach((rawProvider, index) => {
    const provider = asRecord(rawProvider);
    add(['lab', 'providers', index, 'template'], provider?.template, 'yaml');
    add(['lab', 'providers', index, 'environment'], provider?.environment, 'yaml');
  });
  for (const [name, hook] of Object.entries(asRecord(lab?.hooks) ?? {})) {
    if (typeof hook === 'string') add(['lab', 'hooks', name], hook, 'script');
    else add(['lab', 'hooks', name, 'script'], asRecord(hook)?.script, 'script');
  }
  asArray(root?.steps).forEach((rawStep, index) => {
    const step = asRecord(rawStep);
    add(['steps', index, 'file'], step?.file, 'markdown');
    asArray(step?.images).forEach((image, i) => add(['steps', index, 'images', i], image, 'image'));
    asArray(step?.checks).forEach((check, i) => {
      if (typeof check === 'string') add(['steps', index, 'checks', i], check, 'script');
      else add(['steps', index, 'checks', i, 'script'], asRecord(check)?.script, 'script');
    });
    add(['steps', index, 'solve'], step?.solve, 'script');
  });
  return refs;
}

function kindMismatch(kind: RefKind, path: string): string | undefined {
  const ext = posix.extname(path).toLowerCase();
  if (kind === 'markdown' && ext !== '.md' && ext !== '.markdown') return `expected a Markdown file (.md), got "${path}"`;
  if (kind === 'image' && !isImagePath(path)) return `expected an image (.png .jpg .jpeg .gif .svg .webp), got "${path}"`;
  if (kind === 'yaml' && ext !== '.yaml' && ext !== '.yml') return `expected a YAML file (.yaml or .yml), got "${path}"`;
  return undefined;
}

function markdownIssues(file: string, markdown: string, fileSet: ReadonlySet<string>): CourseIssue[] {
  const issues: CourseIssue[] = [];
  for (const image of analyzeMarkdown(markdown).images) {
    const at = { file, line: image.line, column: image.column, path: '' };
    const resolved = resolveImageRef(file, image.href);
    if (!resolved.ok) issues.push({ ...at, message: resolved.reason });
    else if (!fileSet.has(resolved.bundlePath)) {
      issues.push({ ...at, message: `image "${image.href}" not found in the bundle (looked for "${resolved.bundlePath}")` });
    } else if (!isImagePath(resolved.bundlePath)) {
      issues.push({ ...at, message: `"${image.href}" is not an image (.png .jpg .jpeg .gif .svg .webp)` });
    }
  }
  return issues;
}

function fileIssue(file: string, message: string): CourseIssue {
  return { file, line: 0, column: 0, path: '', message };
}

function sortIssues(issues: CourseIssue[]): CourseIssue[] {
  const manifestFirst = (file: string): number => (file === MANIFEST_FILE ? 0 : 1);
  return [...issues].sort(
    (a, b) => manifestFirst(a.file) - manifestFirst(b.file) || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
}

/** Relative, "/"-separated paths of the regular files under `dir`, sorted. */
export async function listBundleFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => posix.join(...relativeParts(dir, join(entry.parentPath, entry.name))))
    .sort();
}

function relativeParts(root: string, path: string): string[] {
  return path.slice(root.length).split(/[\\/]/).filter(Boolean);
}
