import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/serve-process';

const rendererDir = join(REPO_ROOT, 'dist', 'renderer');

describe('the built page', () => {
  it('runs only the script it was built with: script-src is that script’s hash, checked by integrity', () => {
    const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts).toHaveLength(1);
    const src = /\ssrc="\.\/([^"]+)"/.exec(scripts[0]!)?.[1];
    const integrity = /\sintegrity="([^"]+)"/.exec(scripts[0]!)?.[1];
    const hash = `sha384-${createHash('sha384')
      .update(readFileSync(join(rendererDir, src!)))
      .digest('base64')}`;
    expect(integrity).toBe(hash);
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const scriptSrc = csp
      .split(';')
      .map((directive) => directive.trim())
      .filter((directive) => directive.startsWith('script-src'));
    expect(scriptSrc).toEqual([`script-src '${hash}'`]);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
  });
});
