import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The modules given to node with -r/--require/--import, on its command line or in NODE_OPTIONS. */
export function preloadRequests(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const words = [...execArgv, ...(nodeOptions?.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []).map((w) => w.replaceAll('"', ''))];
  const modules: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const inline = /^--(?:require|import)=(.+)$/.exec(word);
    if (inline) modules.push(inline[1]!);
    else if ((word === '-r' || word === '--require' || word === '--import') && words[i + 1] !== undefined) modules.push(words[++i]!);
  }
  return modules;
}

/**
 * Loads the preload modules node was asked for. Node skips them when it starts from a snapshot
 * with a main function of its own; a tracer or a diagnostics listener (the benchmarks' HTTP
 * timing) given with NODE_OPTIONS=--import must still run before the command. Resolved from the
 * working folder, as node resolves them; ESM ones load through require (Node ≥ 20.19).
 */
export function loadNodePreloads(execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS): void {
  const requests = preloadRequests(execArgv, nodeOptions);
  if (requests.length === 0) return;
  const requireFromCwd = createRequire(join(process.cwd(), 'noop.js'));
  for (const request of requests) requireFromCwd(URL.canParse(request) ? fileURLToPath(request) : request);
}
