import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  anchorsOf,
  brokenLinks,
  coreFoldersMissingFromReadme,
  documentationProblems,
  formatProblem,
  headingSlug,
  REPO_ROOT,
} from './docs-check';

describe('the docs of this repository', () => {
  it('have no relative link or anchor that leads nowhere, and a folder map naming every folder of src/core', () => {
    expect(documentationProblems(REPO_ROOT).map(formatProblem)).toEqual([]);
  });
});

describe('the docs check', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });
  const tree = (files: Record<string, string>): string => {
    root = mkdtempSync(join(tmpdir(), 'lc-docs-check-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, dirname(path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };

  it('makes anchors as GitHub does: punctuation dropped, code kept, repeats numbered', () => {
    expect(headingSlug('Sandbox: a real cloud on one machine')).toBe('sandbox-a-real-cloud-on-one-machine');
    expect(headingSlug('A complete `course.yaml`')).toBe('a-complete-courseyaml');
    expect(headingSlug('Application credentials and Heat (measured here)')).toBe('application-credentials-and-heat-measured-here');
    expect(headingSlug('Browser mode: `serve`')).toBe('browser-mode-serve');
    expect([...anchorsOf('# Tests\n## Tests\n```\n# not a heading\n```\n<a id="here"></a>\n')]).toEqual(['tests', 'tests-1', 'here']);
  });

  it('reports a link to a missing file, a missing anchor and an anchor of its own page, with file and line', () => {
    const dir = tree({
      'README.md': '# Top\n\nSee [the guide](docs/guide.md#setup), [gone](docs/gone.md) and [here](#nowhere).\n',
      'docs/guide.md': '# Guide\n\n## Install\n',
    });
    expect(brokenLinks(dir, 'README.md').map(formatProblem)).toEqual([
      'README.md:3: "docs/guide.md#setup": no heading makes the anchor #setup in docs/guide.md',
      'README.md:3: "docs/gone.md": no such file or folder (docs/gone.md)',
      'README.md:3: "#nowhere": no heading makes the anchor #nowhere in README.md',
    ]);
  });

  it('accepts links that resolve, from a page under docs/ too, and ignores web links and code', () => {
    const dir = tree({
      'README.md': '# Top\n\n![shot](docs/images/a.png) [docs](docs) [guide](docs/guide.md#install-it) [web](https://example.org/x#y)\n',
      'docs/guide.md':
        '# Guide\n\n## Install it\n\nBack to [the top](../README.md#top). `[code](nowhere.md)`\n\n```md\n[fenced](nowhere.md)\n```\n',
      'docs/images/a.png': '',
    });
    expect(brokenLinks(dir, 'README.md')).toEqual([]);
    expect(brokenLinks(dir, 'docs/guide.md')).toEqual([]);
  });

  it('names the folders of src/core that the README folder map leaves out', () => {
    const dir = tree({
      'README.md': '| `src/core/labs` | labs |\n| `src/core/cli` | the CLI |\n',
      'src/core/labs/a.ts': '',
      'src/core/cli/b.ts': '',
      'src/core/stream/c.ts': '',
      'src/core/index.ts': '',
    });
    expect(coreFoldersMissingFromReadme(dir)).toEqual(['stream']);
  });
});
