#!/usr/bin/env node
// Runs the bundled CLI (built by `npm ci` / `npm run build` into dist/cli).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'lab-console.js');
if (!existsSync(entry)) {
  process.stderr.write('lab-console is not built yet: run `npm run build` in the Lab Console folder.\n');
  process.exit(1);
}
await import(pathToFileURL(entry).href);
