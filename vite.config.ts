import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/** The page's own module scripts and module preloads, as Vite writes them into index.html. */
const PAGE_SCRIPTS = /<(?:script type="module"|link rel="modulepreload")[^>]*?(?:src|href)="\.\/([^"]+)"[^>]*>/g;

/**
 * Pins the page's scripts by content. The entry script and the chunks it preloads (its static
 * imports) get an `integrity` hash, and the page's CSP allows exactly those hashes plus
 * 'strict-dynamic': the rest of the bundle — chunks loaded with import() when first used (the
 * terminal, the desktop, the instructor's dashboard, Markdown) — runs only because a pinned script
 * loads it. A list of every chunk's hash would not do: CSP matches a hash against an external
 * script only through its element's integrity attribute, and import() has none. No inline script,
 * no eval, no 'self' (which electronegativity's CSP check rightly calls weak). The served header
 * (src/core/app/content-security-policy.ts) adds 'self'; the stricter meta policy applies as well.
 * Hashes are taken from the files as written, after every other plugin is done with them.
 */
function pinScripts(): Plugin {
  return {
    name: 'lab-console-pin-scripts',
    apply: 'build',
    enforce: 'post',
    writeBundle(options) {
      const dir = options.dir!;
      const page = join(dir, 'index.html');
      const html = readFileSync(page, 'utf8');
      if (!/[";]\s*script-src 'self';/.test(html))
        throw new Error("index.html's Content-Security-Policy must have a script-src of exactly 'self' to pin.");
      const hashes: string[] = [];
      const pinned = html.replace(PAGE_SCRIPTS, (tag, file: string) => {
        const hash = `sha384-${createHash('sha384')
          .update(readFileSync(join(dir, file)))
          .digest('base64')}`;
        hashes.push(`'${hash}'`);
        return tag.replace(/ (src|href)=/, ` integrity="${hash}" $1=`);
      });
      if (!/<script type="module"/.test(html) || hashes.length === 0) throw new Error('index.html must load a module script.');
      writeFileSync(page, pinned.replace(/([";]\s*)script-src 'self';/, `$1script-src 'strict-dynamic' ${hashes.join(' ')};`));
    },
  };
}

const ENTRY = fileURLToPath(new URL('./src/renderer/main.tsx', import.meta.url));

/**
 * Every module the entry imports statically (what the first screen needs) goes into one chunk:
 * a few large files arrive and link faster than a dozen small ones a modulepreload each, and the
 * lazy screens import what they share with the first screen from it.
 */
function firstScreenChunk(): (
  id: string,
  context: { getModuleInfo(id: string): { importedIds: readonly string[] } | null },
) => string | null {
  let firstScreen: Set<string> | undefined;
  return (id, context) => {
    if (!firstScreen) {
      firstScreen = new Set();
      const queue = [ENTRY];
      for (let next = queue.pop(); next !== undefined; next = queue.pop())
        for (const imported of context.getModuleInfo(next)?.importedIds ?? [])
          if (!firstScreen.has(imported)) queue.push((firstScreen.add(imported), imported));
    }
    return firstScreen.has(id) ? 'first-screen' : null;
  };
}

// The renderer is a static bundle: loaded from app:// in Electron and from 127.0.0.1 in browser mode.
export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: './',
  plugins: [react(), pinScripts()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Maps for debugging a local build; none ships (electron-builder.yml leaves out **/*.map).
    sourcemap: 'hidden',
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: firstScreenChunk(), debugName: 'first-screen' }] } } },
  },
});
