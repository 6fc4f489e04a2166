import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { OlxExportError, type OlxPlace } from './olx-errors';
import type { OlxFiles } from './olx-files';
import { staticAssetPath } from './olx-paths';

/** More nested templates than any lab has; beyond it the export is refused rather than walked. */
const MAX_FILES = 200;

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The files of `static/` a Heat template or environment pulls in — `get_file`, resource types
 * naming a template file, an environment's resource_registry — found by the rules heatclient
 * follows, recursively. They are copied into the bundle beside the template so the references
 * still hold; one that leaves static/, is absolute or is a URL refuses the export (nothing is
 * fetched).
 */
export async function heatDependencies(files: OlxFiles, top: string, kind: 'template' | 'environment', from: OlxPlace): Promise<string[]> {
  const found = new Set<string>();
  const queue: { path: string; kind: 'template' | 'environment' }[] = [{ path: top, kind }];
  while (queue.length > 0) {
    const next = queue.shift()!;
    const file = `static/${next.path}`;
    const data = parseHeatYaml(await files.text(file, from), file);
    const references = next.kind === 'template' ? templateReferences(data) : environmentReferences(data);
    for (const reference of references) {
      if (reference.includes('::')) continue;
      const resolved = resolveRelative(next.path, reference, { file });
      if (found.has(resolved) || resolved === top) continue;
      if (found.size >= MAX_FILES) throw OlxExportError.at({ file }, `the template pulls in more than ${MAX_FILES} files; refused`);
      if (!(await files.isFile(`static/${resolved}`))) {
        throw OlxExportError.at({ file }, `refers to "${reference}", which the export's static/ folder does not have`);
      }
      found.add(resolved);
      if (/\.(ya?ml|template)$/i.test(resolved)) queue.push({ path: resolved, kind: 'template' });
    }
  }
  return [...found].sort();
}

function parseHeatYaml(text: string, file: string): unknown {
  try {
    return parseYaml(text, { version: '1.1', maxAliasCount: 100, uniqueKeys: false }) as unknown;
  } catch {
    // Not YAML (a script read with get_file, say): it references nothing further.
    void file;
    return undefined;
  }
}

function templateReferences(data: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown, depth: number): void => {
    if (depth > 64) return;
    if (Array.isArray(value)) value.forEach((v) => walk(v, depth + 1));
    if (!isMap(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'get_file' && typeof child === 'string') out.push(child);
      else if (key === 'type' && typeof child === 'string' && /\.(ya?ml|template)$/i.test(child)) out.push(child);
      else walk(child, depth + 1);
    }
  };
  walk(data, 0);
  return out;
}

function environmentReferences(data: unknown): string[] {
  if (!isMap(data) || !isMap(data.resource_registry)) return [];
  const registry = data.resource_registry;
  const out: string[] = [];
  const take = (map: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(map)) {
      if (key === 'base_url' || key === 'hooks' || key === 'restricted_actions') continue;
      if (typeof value === 'string') out.push(value);
    }
  };
  take(registry);
  if (isMap(registry.resources)) for (const entry of Object.values(registry.resources)) if (isMap(entry)) take(entry);
  return out;
}

/** A reference relative to the folder of the file that makes it, as a path under static/. */
function resolveRelative(referrer: string, reference: string, from: OlxPlace): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference) || reference.startsWith('/')) {
    const checked = staticAssetPath(reference);
    throw OlxExportError.at(
      from,
      `refers to ${checked.ok ? `"${reference}"` : checked.reason}; a template may only use files beside it in the export`,
    );
  }
  const joined = posix.normalize(posix.join(posix.dirname(referrer), reference));
  if (joined.startsWith('../') || joined === '..' || reference.includes('\\')) {
    throw OlxExportError.at(from, `refers to "${reference}", which leaves the export's static/ folder`);
  }
  return joined;
}
