import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isMap as isYamlMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { CloudConfigError } from '../errors';
import { readBlockMappingYaml } from './block-mapping-yaml';
import { isMap, type ConfigMap } from './merge';

export interface ConfigSearchOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly home?: string;
  /**
   * The system directories (default: $XDG_CONFIG_DIRS/openstack, /etc/openstack).
   * Tests pass their own so a machine's /etc does not leak in.
   */
  readonly systemDirs?: readonly string[];
}

const SUFFIXES = ['.yaml', '.yml', '.json'];

/**
 * The directories openstacksdk searches, in order (openstack/config/loader.py CONFIG_SEARCH_PATH):
 * the current directory, the user config dir (XDG_CONFIG_HOME, and ~/.config — or $SNAP_REAL_HOME/.config
 * under snaps), then the site dirs (XDG_CONFIG_DIRS, default /etc/xdg) and /etc/openstack.
 */
export function configSearchDirs(options: ConfigSearchOptions): string[] {
  const { env } = options;
  const home = options.home ?? env.HOME ?? homedir();
  const userConfigHome = env.XDG_CONFIG_HOME ? join(env.XDG_CONFIG_HOME, 'openstack') : join(home, '.config', 'openstack');
  const unixConfigHome = join(env.SNAP_REAL_HOME ?? home, '.config', 'openstack');
  // appdirs joins every XDG_CONFIG_DIRS entry with ":" into one "path" (multipath=True), so only a
  // single-entry XDG_CONFIG_DIRS names a real directory; do the same.
  const siteDirs = (env.XDG_CONFIG_DIRS ?? '/etc/xdg')
    .split(':')
    .map((d) => `${d.replace(/\/+$/, '')}/openstack`)
    .join(':');
  const systemDirs = options.systemDirs ?? [siteDirs, '/etc/openstack'];
  return [...new Set([options.cwd, userConfigHome, unixConfigHome, ...systemDirs])];
}

export interface ConfigFileLists {
  readonly cloudFiles: string[];
  readonly secureFiles: string[];
}

/** clouds.{yaml,yml,json} and secure.* in every search dir; OS_CLIENT_CONFIG_FILE / OS_CLIENT_SECURE_FILE first. */
export function configFileLists(options: ConfigSearchOptions): ConfigFileLists {
  const dirs = configSearchDirs(options);
  const cloudFiles = dirs.flatMap((d) => SUFFIXES.map((s) => join(d, `clouds${s}`)));
  const secureFiles = dirs.flatMap((d) => SUFFIXES.map((s) => join(d, `secure${s}`)));
  const cloudOverride = options.env.OS_CLIENT_CONFIG_FILE;
  const secureOverride = options.env.OS_CLIENT_SECURE_FILE;
  if (cloudOverride) cloudFiles.unshift(cloudOverride);
  if (secureOverride) secureFiles.unshift(secureOverride);
  return { cloudFiles, secureFiles };
}

/** A parsed config file that can tell on which line a field sits. */
export interface LoadedConfigFile {
  readonly path: string;
  readonly data: ConfigMap;
  lineOf(path: readonly (string | number)[]): number | undefined;
}

function lineOfJson(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** A YAML config file: read in one pass when it is plain block mappings (block-mapping-yaml.ts), else by the full parser. */
export function parseYamlFile(path: string, text: string): LoadedConfigFile {
  const plain = readBlockMappingYaml(text);
  if (!plain) return parseYamlFileFully(path, text);
  return {
    path,
    data: plain.data,
    lineOf: (fieldPath) =>
      // As the full parser's lineOf: a field is named with "_", and no key matches a "-" or a list index.
      fieldPath.some((key) => String(key).includes('-')) ? undefined : plain.keyLines.get(fieldPath.join('\0')),
  };
}

/** A YAML config file read by the full parser, as openstacksdk's PyYAML reads it. */
export function parseYamlFileFully(path: string, text: string): LoadedConfigFile {
  const lineCounter = new LineCounter();
  // PyYAML's safe_load reads YAML 1.1 (yes/no/on/off are booleans) and keeps the last duplicate key.
  const doc: Document = parseDocument(text, { version: '1.1', uniqueKeys: false, lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? lineCounter.linePos(first.pos[0]).line;
    throw new CloudConfigError(`invalid YAML: ${first.message.split('\n')[0]}`, { file: path, line });
  }
  const data: unknown = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  if (!isMap(data)) throw new CloudConfigError('the top level must be a mapping', { file: path, line: 1 });
  return {
    path,
    data,
    lineOf(fieldPath) {
      // Keys were normalised ("-" → "_"), so match either spelling.
      let node: unknown = doc.contents;
      let keyNode: unknown;
      for (const key of fieldPath) {
        if (isYamlMap(node)) {
          const pair = node.items.find((p) => {
            const k = (p.key as { value?: unknown } | null)?.value ?? p.key;
            return String(k).replaceAll('-', '_') === String(key);
          });
          if (!pair) return undefined;
          keyNode = pair.key;
          node = pair.value;
        } else if (isSeq(node) && /^\d+$/.test(String(key))) {
          node = node.items[Number(key)];
          keyNode = node;
        } else {
          return undefined;
        }
      }
      // The line of the key ("auth:") rather than of its value, which may start on the next line.
      const range = (keyNode as { range?: [number, number, number] } | undefined)?.range;
      return range ? lineCounter.linePos(range[0]).line : undefined;
    },
  };
}

function parseJsonFile(path: string, text: string): LoadedConfigFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    throw new CloudConfigError(`invalid JSON: ${message}`, {
      file: path,
      line: position ? lineOfJson(text, Number(position[1])) : undefined,
    });
  }
  if (data === null) data = {};
  if (!isMap(data)) throw new CloudConfigError('the top level must be an object', { file: path, line: 1 });
  return { path, data, lineOf: () => undefined };
}

/**
 * `_load_yaml_json_file`: the first file of the list that exists wins; one that cannot be read
 * for lack of permission is skipped, as openstacksdk does.
 */
export function loadFirstConfigFile(paths: readonly string[]): LoadedConfigFile | undefined {
  for (const path of paths) {
    let text: string;
    try {
      if (!statSync(path).isFile()) continue;
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR' || code === 'EPERM') continue;
      throw new CloudConfigError(`cannot be read: ${(error as Error).message}`, { file: path });
    }
    return path.endsWith('json') ? parseJsonFile(path, text) : parseYamlFile(path, text);
  }
  return undefined;
}
