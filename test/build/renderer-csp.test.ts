import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/serve-process';

const rendererDir = join(REPO_ROOT, 'dist', 'renderer');
const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
const sha384 = (file: string) =>
  `sha384-${createHash('sha384')
    .update(readFileSync(join(rendererDir, file)))
    .digest('base64')}`;

describe('the built page', () => {
  it("runs only scripts it pinned, and what they load: script-src is 'strict-dynamic' and the pinned hashes, no 'self', no inline script", () => {
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const scriptSrc = csp
      .split(';')
      .map((directive) => directive.trim())
      .filter((directive) => directive.startsWith('script-src'));
    const pinned = [...html.matchAll(/\sintegrity="([^"]+)"/g)].map((match) => `'${match[1]}'`);
    expect(scriptSrc).toEqual([`script-src 'strict-dynamic' ${pinned.join(' ')}`]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    // No inline script at all: every <script> loads a file.
    for (const tag of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) expect(tag[1]!.trim()).toBe('');
  });

  it('pins the entry script and each chunk it preloads by its content (integrity), one entry', () => {
    const tags = [...html.matchAll(/<(script|link rel="modulepreload")\s[^>]*>/g)].map((match) => match[0]);
    const scripts = tags.filter((tag) => tag.startsWith('<script'));
    expect(scripts).toHaveLength(1);
    expect(tags.length).toBeGreaterThan(1);
    for (const tag of tags) {
      const file = /\s(?:src|href)="\.\/([^"]+)"/.exec(tag)?.[1];
      const integrity = /\sintegrity="([^"]+)"/.exec(tag)?.[1];
      expect(integrity, tag).toBe(sha384(file!));
    }
  });

  it('is split: the first screen does not load the terminal, the desktop, the dashboard or Markdown', () => {
    const preloaded = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((match) => match[1]!);
    const chunks = readdirSync(join(rendererDir, 'assets')).filter((name) => name.endsWith('.js'));
    for (const lazy of ['TerminalView', 'desktop-session-view', 'InstructorScreen', 'StepMarkdown']) {
      const chunk = chunks.find((name) => name.startsWith(`${lazy}-`));
      expect(chunk, `a chunk of its own for ${lazy}`).toBeDefined();
      expect(preloaded).not.toContain(chunk);
    }
    // The chunks name no source map (maps are for local debugging and never ship).
    for (const chunk of chunks) expect(readFileSync(join(rendererDir, 'assets', chunk), 'utf8')).not.toContain('sourceMappingURL');
  });
});
