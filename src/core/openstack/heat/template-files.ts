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

/** Reads the content at a URL; by default only file: URLs. */
export type UrlReader = (url: string) => Promise<Buffer>;

export class TemplateFileError extends OpenStackError {
  constructor(
    readonly url: string,
    problem: string,
    readonly referencedFrom?: string,
  ) {
    super(`${url}: ${problem}${referencedFrom ? ` (referenced from ${referencedFrom})` : ''}`, 'Fix the template or the path it refers to.');
  }
}

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
  if (!isMap(parsed) || !('heat_template_version' in parsed || 'HeatTemplateFormatVersion' in parsed || 'AWSTemplateFormatVersion' in parsed)) {
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

class FilesCollector {
  constructor(
    readonly files: Record<string, string>,
    private readonly reader: UrlReader,
  ) {}

  /** `get_template_contents` for a URL: parse it, resolve its own references, return the rewritten template. */
  async template(url: string, referencedFrom?: string, alreadyRead?: string): Promise<JsonMap> {
    const text = alreadyRead ?? (await this.read(url, referencedFrom));
    const template = parseTemplate(text, url);
    await this.resolveTemplate(template, baseUrlOf(url), url);
    return template;
  }

  /** `resolve_template_get_files`: every get_file, and every type ending .yaml / .template. */
  async resolveTemplate(template: JsonMap, baseUrl: string, from: string): Promise<void> {
    const ignore: IgnoreIf = (key, value) =>
      (key !== 'get_file' && key !== 'type') || typeof value !== 'string' || (key === 'type' && !/\.(yaml|template)$/.test(value));
    await this.walk(template, baseUrl, ignore, true, from);
  }

  /** `resolve_environment_urls`: the resource_registry's template mappings, top level and per resource. */
  async resolveEnvironment(environment: JsonMap, envBaseUrl: string, from: string): Promise<void> {
    const registry = environment.resource_registry;
    if (!isMap(registry)) return;
    const baseUrl = typeof registry.base_url === 'string' ? registry.base_url : envBaseUrl;
    const ignore: IgnoreIf = (key, value) =>
      key === 'base_url' || isMap(value) || typeof value !== 'string' || value.includes('::') || key === 'hooks' || key === 'restricted_actions';
    await this.walk(registry, baseUrl, ignore, false, from);
    const resources = isMap(registry.resources) ? registry.resources : {};
    for (const entry of Object.values(resources)) {
      if (!isMap(entry)) continue;
      await this.walk(entry, typeof entry.base_url === 'string' ? entry.base_url : baseUrl, ignore, false, from);
    }
  }

  /** `get_file_contents`: recurse first (when asked), then fetch this level's references. */
  private async walk(data: unknown, baseUrl: string, ignore: IgnoreIf, recurse: boolean, from: string): Promise<void> {
    if (recurse && (isMap(data) || Array.isArray(data))) {
      for (const value of Object.values(data)) await this.walk(value, baseUrl, ignore, recurse, from);
    }
    if (!isMap(data)) return;
    const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
    for (const [key, value] of Object.entries(data)) {
      if (ignore(key, value)) continue;
      const url = new URL(value as string, base).href;
      if (!(url in this.files)) {
        const text = await this.read(url, from);
        // A referenced file that is itself a template is resolved too and sent as JSON.
        this.files[url] = isTemplateText(text) ? JSON.stringify(await this.template(url, from, text)) : text;
      }
      data[key] = url;
    }
  }

  private async read(url: string, referencedFrom?: string): Promise<string> {
    try {
      return contentText(await this.reader(url));
    } catch (error) {
      if (error instanceof TemplateFileError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new TemplateFileError(url, code === 'ENOENT' ? 'no such file' : (error as Error).message, referencedFrom);
    }
  }
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

/** An environment given as a file, or inline with the directory its relative paths start from. */
export type EnvironmentSource = { readonly path: string } | { readonly inline: JsonMap; readonly baseDir?: string; readonly name?: string };

export interface PreparedTemplate {
  readonly template: JsonMap;
  readonly files: Record<string, string>;
  readonly environment: JsonMap;
  /** The absolute URL of the top template. */
  readonly templateUrl: string;
}

export interface PrepareOptions {
  readonly reader?: UrlReader;
  readonly cwd?: string;
}

/**
 * Reads a template and its environments (merged in order, later ones winning: the course's, then
 * the cloud's) and collects every file they need into one `files` map.
 */
export async function prepareTemplate(
  templatePath: string,
  environments: readonly EnvironmentSource[] = [],
  options: PrepareOptions = {},
): Promise<PreparedTemplate> {
  const collector = new FilesCollector({}, options.reader ?? readLocalUrl);
  const templateUrl = toUrl(templatePath, options.cwd);
  const template = await collector.template(templateUrl);
  let environment: JsonMap = {};
  for (const source of environments) {
    let env: JsonMap;
    let base: string;
    let where: string;
    if ('path' in source) {
      where = toUrl(source.path, options.cwd);
      env = parseEnvironment((await (options.reader ?? readLocalUrl)(where)).toString('utf8'), where);
      base = baseUrlOf(where);
    } else {
      where = source.name ?? 'inline environment';
      env = structuredClone(source.inline);
      checkEnvironmentSections(env, where);
      base = pathToFileURL(`${source.baseDir ?? options.cwd ?? process.cwd()}/`).href;
    }
    await collector.resolveEnvironment(env, base, where);
    environment = deepUpdate(environment, env);
  }
  return { template, files: collector.files, environment, templateUrl };
}

/** The same walk for a template already in memory (e.g. from a course package) whose files sit under `baseDir`. */
export async function prepareInlineTemplate(
  template: JsonMap,
  baseDir: string,
  options: PrepareOptions = {},
): Promise<{ template: JsonMap; files: Record<string, string> }> {
  const collector = new FilesCollector({}, options.reader ?? readLocalUrl);
  const copy = structuredClone(template);
  const base = pathToFileURL(`${baseDir}/`).href;
  await collector.resolveTemplate(copy, base, base);
  return { template: copy, files: collector.files };
}
