import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml, type Tags } from 'yaml';
import { OpenStackError } from '../errors';

/**
 * The `files` map of a Heat request, built like python-heatclient's template_utils:
 * walk the template (and environments) for `get_file` and for resource `type`s naming a
 * .yaml/.template, read each relative to the file that names it, recurse into nested templates,
 * and rewrite every reference to the absolute URL that keys its content in `files`.
 */

export type JsonMap = Record<string, unknown>;

/** A file named by a template or an environment (get_file, a nested template, a registry entry). */
export interface TemplateReference {
  /** The URL of the file that names it. */
  readonly from: string;
  /** Where in that file: keys and list indexes from its root. */
  readonly field: readonly (string | number)[];
  /** The reference as written. */
  readonly value: string;
  /** The resource_registry's base_url it was resolved against, as written, when one was set. */
  readonly baseUrl?: string;
}

/**
 * Reads the content at a URL, or throws TemplateFileError saying why it may not. `reference` is
 * how the URL was named (absent for the template and environment files themselves).
 */
export type UrlReader = (url: string, reference?: TemplateReference) => Promise<Buffer>;

export class TemplateFileError extends OpenStackError {
  override readonly name: string = 'TemplateFileError';
  constructor(
    readonly url: string,
    /** What is wrong, without the URL. */
    readonly problem: string,
    readonly referencedFrom?: string,
    /** Set when the file was named by a reference that could not be followed. */
    readonly reference?: TemplateReference,
  ) {
    super(
      `${url}: ${problem}${referencedFrom ? ` (referenced from ${referencedFrom})` : ''}`,
      'Fix the template or the path it refers to.',
    );
  }
}

/** Every reference of a template and its environments that could not be followed, found in one pass. */
export class TemplateReferencesError extends OpenStackError {
  override readonly name: string = 'TemplateReferencesError';
  constructor(readonly problems: readonly TemplateFileError[]) {
    super(
      problems
        .map(
          (p) => `${p.url}: ${p.problem}${p.reference ? ` (referenced from ${p.reference.from}, at ${p.reference.field.join('.')})` : ''}`,
        )
        .join('\n'),
      'Fix the template or the paths it refers to.',
    );
  }
}

/** The user's own files: any local path, as heatclient reads them; never a remote URL. */
export const readLocalUrl: UrlReader = async (url) => {
  if (!url.startsWith('file:')) throw new TemplateFileError(url, 'only local files can be read');
  return readFile(fileURLToPath(url));
};

/** `normalise_file_path_to_url`: a path becomes an absolute file: URL; a URL stays. */
export function toUrl(pathOrUrl: string, cwd = process.cwd()): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl) && !/^[a-z]:[\\/]/i.test(pathOrUrl)) return pathOrUrl;
  return pathToFileURL(isAbsolute(pathOrUrl) ? pathOrUrl : resolve(cwd, pathOrUrl)).href;
}

/** `base_url_for_url`: the directory of the URL, ending with "/". */
export function baseUrlOf(url: string): string {
  return new URL('.', url).href;
}

// PyYAML (heatclient's loader) keeps unquoted dates such as heat_template_version as strings.
const withoutTimestamps = (tags: Tags): Tags => tags.filter((t) => (t as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp');

/** `template_format.parse`: JSON when it starts with "{", else YAML 1.1; must carry a version key. */
export function parseTemplate(text: string, url: string): JsonMap {
  const trimmed = text.trim();
  let parsed: unknown;
  try {
    parsed = trimmed.startsWith('{')
      ? JSON.parse(trimmed)
      : (parseYaml(trimmed, { version: '1.1', customTags: withoutTimestamps, uniqueKeys: false }) ?? {});
  } catch (error) {
    throw new TemplateFileError(url, `is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (
    !isMap(parsed) ||
    !('heat_template_version' in parsed || 'HeatTemplateFormatVersion' in parsed || 'AWSTemplateFormatVersion' in parsed)
  ) {
    throw new TemplateFileError(url, 'is not a Heat template (no heat_template_version)');
  }
  return parsed;
}

/** `environment_format.parse`: a YAML mapping with only the known sections. */
export function parseEnvironment(text: string, url: string): JsonMap {
  let parsed: unknown;
  try {
    parsed = parseYaml(text, { version: '1.1', customTags: withoutTimestamps, uniqueKeys: false }) ?? {};
  } catch (error) {
    throw new TemplateFileError(url, `is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isMap(parsed)) throw new TemplateFileError(url, 'an environment must be a YAML mapping');
  checkEnvironmentSections(parsed, url);
  return parsed;
}

const ENVIRONMENT_SECTIONS = new Set([
  'parameter_defaults',
  'parameters',
  'resource_registry',
  'encrypted_param_names',
  'event_sinks',
  'parameter_merge_strategies',
]);

export function checkEnvironmentSections(environment: JsonMap, where: string): void {
  for (const section of Object.keys(environment)) {
    if (!ENVIRONMENT_SECTIONS.has(section)) {
      throw new TemplateFileError(where, `the environment has an unknown section "${section}"`);
    }
  }
}

function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTemplateText(text: string): boolean {
  try {
    parseTemplate(text, '');
    return true;
  } catch {
    return false;
  }
}

/** `read_url_content`: text as is; content that is not UTF-8 is sent base64-encoded. */
function contentText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : bytes.toString('base64').replace(/(.{76})/g, '$1\n') + '\n';
}

type IgnoreIf = (key: string, value: unknown) => boolean;
type Field = readonly (string | number)[];

class FilesCollector {
  /** References that could not be followed; the walk goes on so that all are reported at once. */
  readonly problems: TemplateFileError[] = [];
  /** Templates being resolved, to refuse a nested template that includes itself. */
  private readonly resolving = new Set<string>();

  constructor(readonly files: Record<string, string>) {}

  /** `get_template_contents` for a URL: parse it, resolve its own references, return the rewritten template. */
  async template(url: string, reader: UrlReader, alreadyRead?: string): Promise<JsonMap> {
    const text = alreadyRead ?? (await this.read(url, reader));
    const template = parseTemplate(text, url);
    this.resolving.add(url);
    try {
      await this.resolveTemplate(template, baseUrlOf(url), url, reader);
    } finally {
      this.resolving.delete(url);
    }
    return template;
  }

  /** `resolve_template_get_files`: every get_file, and every type ending .yaml / .template. */
  async resolveTemplate(template: JsonMap, baseUrl: string, from: string, reader: UrlReader): Promise<void> {
    const ignore: IgnoreIf = (key, value) =>
      (key !== 'get_file' && key !== 'type') || typeof value !== 'string' || (key === 'type' && !/\.(yaml|template)$/.test(value));
    await this.walk(template, [], { baseUrl, from, reader }, ignore, true);
  }

  /**
   * `resolve_environment_urls`: the resource_registry's template mappings, top level and per
   * resource. A base_url is taken relative to the environment's own folder (heatclient needs it
   * absolute); either way every entry resolved against it is judged by the reader like any other.
   */
  async resolveEnvironment(environment: JsonMap, envBaseUrl: string, from: string, reader: UrlReader): Promise<void> {
    const registry = environment.resource_registry;
    if (!isMap(registry)) return;
    const ignore: IgnoreIf = (key, value) =>
      key === 'base_url' ||
      isMap(value) ||
      typeof value !== 'string' ||
      value.includes('::') ||
      key === 'hooks' ||
      key === 'restricted_actions';
    const withBase = (written: unknown, field: Field, inherited: Base): Base | undefined => {
      if (typeof written !== 'string') return inherited;
      const baseUrl = urlOf(written, inherited.baseUrl);
      if (baseUrl !== undefined) return { ...inherited, baseUrl, writtenBase: written };
      const reference = { from, field: [...field, 'base_url'], value: written };
      this.problems.push(new TemplateFileError(written, `base_url "${written}" is not a path or URL`, from, reference));
      return undefined;
    };
    const top = withBase(registry.base_url, ['resource_registry'], { baseUrl: envBaseUrl, from, reader });
    if (!top) return;
    await this.walk(registry, ['resource_registry'], top, ignore, false);
    const resources = isMap(registry.resources) ? registry.resources : {};
    for (const [name, entry] of Object.entries(resources)) {
      if (!isMap(entry)) continue;
      const field = ['resource_registry', 'resources', name];
      const base = withBase(entry.base_url, field, top);
      if (base) await this.walk(entry, field, base, ignore, false);
    }
  }

  /** `get_file_contents`: recurse first (when asked), then fetch this level's references. */
  private async walk(data: unknown, field: Field, base: Base, ignore: IgnoreIf, recurse: boolean): Promise<void> {
    if (recurse && (isMap(data) || Array.isArray(data))) {
      const entries: [string | number, unknown][] = Array.isArray(data) ? data.map((v, i) => [i, v]) : Object.entries(data);
      for (const [key, value] of entries) await this.walk(value, [...field, key], base, ignore, recurse);
    }
    if (!isMap(data)) return;
    const dir = base.baseUrl.endsWith('/') ? base.baseUrl : `${base.baseUrl}/`;
    for (const [key, value] of Object.entries(data)) {
      if (ignore(key, value)) continue;
      const reference: TemplateReference = {
        from: base.from,
        field: [...field, key],
        value: value as string,
        ...(base.writtenBase !== undefined ? { baseUrl: base.writtenBase } : {}),
      };
      try {
        const url = urlOf(reference.value, dir);
        if (url === undefined)
          throw new TemplateFileError(reference.value, `"${reference.value}" is not a path or URL`, reference.from, reference);
        data[key] = await this.follow(reference, url, base.reader);
      } catch (error) {
        if (!(error instanceof TemplateFileError)) throw error;
        this.problems.push(error);
      }
    }
  }

  /** Reads one referenced file into `files` (resolving it first when it is a template) and returns its key. */
  private async follow(reference: TemplateReference, url: string, reader: UrlReader): Promise<string> {
    // The reader judges every reference, even to a file already collected through another one.
    const text = await this.read(url, reader, reference);
    if (url in this.files) return url;
    if (this.resolving.has(url)) {
      throw new TemplateFileError(
        url,
        `"${reference.value}" includes a template that includes it again (a cycle)`,
        reference.from,
        reference,
      );
    }
    // A referenced file that is itself a template is resolved too and sent as JSON.
    this.files[url] = isTemplateText(text) ? JSON.stringify(await this.template(url, reader, text)) : text;
    return url;
  }

  /** The text of a file, as heatclient sends it; a reader's failure becomes a TemplateFileError. */
  async read(url: string, reader: UrlReader, reference?: TemplateReference): Promise<string> {
    try {
      return contentText(await reader(url, reference));
    } catch (error) {
      if (error instanceof TemplateFileError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new TemplateFileError(url, code === 'ENOENT' ? 'no such file' : (error as Error).message, reference?.from, reference);
    }
  }
}

/** `reference` resolved against `base`, or undefined when it is no URL at all ("http://[x"). */
function urlOf(reference: string, base: string): string | undefined {
  try {
    return new URL(reference, base).href;
  } catch {
    return undefined;
  }
}

/** Where the references of one file resolve from, who named them and how they are read. */
interface Base {
  readonly baseUrl: string;
  readonly from: string;
  readonly reader: UrlReader;
  /** The base_url as written, when one applies. */
  readonly writtenBase?: string;
}

/** heatclient's `deep_update`: nested mappings merge; a null never erases a mapping. */
export function deepUpdate(old: JsonMap, update: JsonMap): JsonMap {
  for (const [key, value] of Object.entries(update)) {
    const current = old[key];
    if (isMap(value)) old[key] = deepUpdate(isMap(current) ? current : {}, value);
    else if (value === null && isMap(current)) continue;
    else old[key] = value;
  }
  return old;
}

/**
 * An environment given as a file, or inline with the directory its relative paths start from.
 * `reader` reads the files it names, when they must be read otherwise than the template's.
 */
export type EnvironmentSource = (
  { readonly path: string } | { readonly inline: JsonMap; readonly baseDir?: string; readonly name?: string }
) & {
  readonly reader?: UrlReader;
};

export interface PreparedTemplate {
  readonly template: JsonMap;
  readonly files: Record<string, string>;
  readonly environment: JsonMap;
  /** The absolute URL of the top template. */
  readonly templateUrl: string;
}

export interface PrepareOptions {
  /** Reads the template, and the environments without a reader of their own, and every file they name. */
  readonly reader?: UrlReader;
  readonly cwd?: string;
}

/**
 * Reads a template and its environments (merged in order, later ones winning: the course's, then
 * the cloud's) and collects every file they need into one `files` map. Throws
 * TemplateReferencesError listing every reference that could not be followed.
 */
export async function prepareTemplate(
  templatePath: string,
  environments: readonly EnvironmentSource[] = [],
  options: PrepareOptions = {},
): Promise<PreparedTemplate> {
  const reader = options.reader ?? readLocalUrl;
  const collector = new FilesCollector({});
  const templateUrl = toUrl(templatePath, options.cwd);
  const template = await collector.template(templateUrl, reader);
  let environment: JsonMap = {};
  for (const source of environments) {
    const envReader = source.reader ?? reader;
    let env: JsonMap;
    let base: string;
    let where: string;
    if ('path' in source) {
      where = toUrl(source.path, options.cwd);
      env = parseEnvironment(await collector.read(where, envReader), where);
      base = baseUrlOf(where);
    } else {
      where = source.name ?? 'inline environment';
      env = structuredClone(source.inline);
      checkEnvironmentSections(env, where);
      base = pathToFileURL(`${source.baseDir ?? options.cwd ?? process.cwd()}/`).href;
    }
    await collector.resolveEnvironment(env, base, where, envReader);
    environment = deepUpdate(environment, env);
  }
  if (collector.problems.length > 0) throw new TemplateReferencesError(collector.problems);
  return { template, files: collector.files, environment, templateUrl };
}

/** The same walk for a template already in memory (e.g. from a course package) whose files sit under `baseDir`. */
export async function prepareInlineTemplate(
  template: JsonMap,
  baseDir: string,
  options: PrepareOptions = {},
): Promise<{ template: JsonMap; files: Record<string, string> }> {
  const collector = new FilesCollector({});
  const copy = structuredClone(template);
  const base = pathToFileURL(`${baseDir}/`).href;
  await collector.resolveTemplate(copy, base, base, options.reader ?? readLocalUrl);
  if (collector.problems.length > 0) throw new TemplateReferencesError(collector.problems);
  return { template: copy, files: collector.files };
}
