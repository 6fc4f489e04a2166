import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const ENTRY_SCRIPT = /<script type="module" crossorigin src="\.\/([^"]+)"><\/script>/g;

/**
 * Pins the page's scripts by content: each entry script gets an `integrity` hash, and the page's
 * CSP allows exactly those hashes instead of any script of 'self'. The bundle is one chunk, loaded
 * by that tag; a second chunk would be refused by the CSP, so the build stops instead.
 */
function pinScripts(): Plugin {
  return {
    name: 'lab-console-pin-scripts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        const chunks = Object.values(bundle ?? {}).filter((output) => output.type === 'chunk');
        if (chunks.length !== 1)
          throw new Error(`The renderer must build to one script chunk (the CSP pins it by hash); got ${chunks.length}.`);
        const hashes: string[] = [];
        const pinned = html.replace(ENTRY_SCRIPT, (tag, file: string) => {
          const chunk = bundle?.[file];
          if (chunk?.type !== 'chunk') throw new Error(`index.html loads ${file}, which the build did not produce.`);
          const hash = `sha384-${createHash('sha384').update(chunk.code).digest('base64')}`;
          hashes.push(`'${hash}'`);
          return tag.replace(' src=', ` integrity="${hash}" src=`);
        });
        if (hashes.length !== 1 || !pinned.includes("script-src 'self';"))
          throw new Error("index.html must load one module script and have a script-src of exactly 'self' to pin.");
        return pinned.replace("script-src 'self';", `script-src ${hashes.join(' ')};`);
      },
    },
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
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
