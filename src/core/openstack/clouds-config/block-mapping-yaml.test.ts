import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBlockMappingYaml } from './block-mapping-yaml';
import { parseYamlFile, parseYamlFileFully, type LoadedConfigFile } from './config-files';
import { seededRandom } from '../../../../test/support/seeded-random';

const KEYS = ['clouds', 'lab', 'auth', 'auth_url', 'auth-url', 'project_name', 'verify', '_x', 'k9'];
const ODD_KEYS = ['on', 'y', 'Null', '__proto__', 'a b', '1'];
// Values as clouds.yaml files hold them (read here), then the YAML 1.1 forms that read as something else (declined).
const READ_FORMS = [
  'http://127.0.0.1:5000/v3',
  'RegionOne',
  'public',
  '3',
  '0',
  'null',
  'NULL',
  'yes',
  'No',
  'OFF',
  'True',
  'y',
  'n',
  'a:b',
  'x #c',
  'a,b',
  'user@example.org',
  'p%40ss',
  'a=b',
  '/etc/ssl/ca.pem',
  "'it''s'",
  "'#not a comment'",
  "'q' # c",
  "''",
  '"plain"',
  '"x#y" # c',
  '"é"',
  '""',
  '',
  '# a comment',
  '9abcDEF-_x',
  '-Kx_9',
  '+x',
  '.x',
  '12e',
  '1-2',
  'bFdnzA7z0XP1pcoN-hgNPm7R',
];
const DECLINED_FORMS = [
  '007',
  '0x1f',
  '1_000',
  '12:30',
  '2001-12-14',
  '1.5',
  '.5',
  '.inf',
  '-1',
  '+1',
  '~',
  'a: b',
  'value:',
  'x#c',
  "'q'#c",
  "'unterminated",
  '"with \\" escape"',
  'é',
  '|',
  '>',
  '[a, b]',
  '{a: 1}',
  '&anchor x',
  '*anchor',
  '!!str 1',
  '-',
  '- x',
  '1e5',
  '0b101',
  '1:2:3',
  '2001-12-14t21:59:43.10-05:00',
  '.NaN',
  '@x',
  '%x',
  '`x',
  "'",
];

/** A file of nested mappings, mostly well formed, with a line now and then broken or indented oddly. */
function generatedFile(next: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const lines: string[] = [];
  let depth = 0;
  const count = 1 + Math.floor(next() * 12);
  for (let i = 0; i < count; i++) {
    const roll = next();
    if (roll < 0.05) lines.push(pick(['', '# comment', '   # indented comment', '---', '- item', 'plain text', '\tkey: 1', 'key: 1\r']));
    const indent = roll < 0.1 ? ' '.repeat(Math.floor(next() * 6)) : '  '.repeat(depth);
    const key = next() < 0.03 ? pick(ODD_KEYS) : pick(KEYS);
    if (next() < 0.35 && depth < 3) {
      lines.push(`${indent}${key}:${pick(['', '', ' ', ' # c'])}`);
      if (next() < 0.9) depth++;
    } else {
      // Mostly forms read here, so that the files read in one pass are many and varied.
      lines.push(`${indent}${key}: ${pick(next() < 0.9 ? READ_FORMS : DECLINED_FORMS)}`);
      if (next() < 0.3 && depth > 0) depth -= 1 + Math.floor(next() * depth);
    }
  }
  return lines.join('\n') + pick(['\n', '', '\n\n']);
}

/** Every key path of a file's mappings, and one past a leaf, with "-" and "_" spellings. */
function paths(data: unknown, prefix: string[] = []): string[][] {
  if (data === null || typeof data !== 'object') return [[...prefix, 'below']];
  return Object.entries(data).flatMap(([key, value]) => [
    [...prefix, key],
    [...prefix, key.replaceAll('_', '-')],
    ...paths(value, [...prefix, key]),
  ]);
}

function fully(text: string): LoadedConfigFile | Error {
  try {
    return parseYamlFileFully('/x/clouds.yaml', text);
  } catch (error) {
    return error as Error;
  }
}

/** The one-pass reading must be the full parser's, data and key lines alike. */
function expectSameAsFullParser(text: string): void {
  const full = fully(text);
  expect(full, text).not.toBeInstanceOf(Error);
  const fast = parseYamlFile('/x/clouds.yaml', text);
  const reference = full as LoadedConfigFile;
  expect(fast.data, text).toEqual(reference.data);
  for (const path of paths(reference.data)) {
    const normalised = path.map((key) => key.replaceAll('-', '_'));
    expect(fast.lineOf(path), `${text}\n${path.join('.')}`).toBe(reference.lineOf(path));
    expect(fast.lineOf(normalised), `${text}\n${normalised.join('.')}`).toBe(reference.lineOf(normalised));
  }
}

describe('clouds.yaml read in one pass', () => {
  it('reads files of plain block mappings as the full YAML 1.1 parser does, data and key lines alike', () => {
    const text = readFileSync(new URL('../../../../assets/sample-course/lab/environment.yaml', import.meta.url), 'utf8');
    for (const file of [
      'clouds:\n  lab:\n    auth:\n      auth_url: http://keystone:5000/v3\n      password: "s3cr3t!"\n    region_name: RegionOne\n    identity_api_version: 3\n    verify: no\n',
      "# mine\nclouds:\n  a-b:   # note\n    interface: public\n    cacert: /etc/ssl/ca.pem\n    api_timeout: 30\n  c:\n    auth_type: v3applicationcredential\n    x: 'it''s'\n",
      text,
    ]) {
      if (readBlockMappingYaml(file)) expectSameAsFullParser(file);
    }
    expect(readBlockMappingYaml('clouds:\n  lab:\n    verify: no\n    identity_api_version: 3\n')?.data).toEqual({
      clouds: { lab: { verify: false, identity_api_version: 3 } },
    });
  });

  it('declines what YAML 1.1 could read otherwise: numbers in other bases, times, dates, escapes, anchors, lists, flows, tabs', () => {
    for (const value of DECLINED_FORMS) {
      expect(readBlockMappingYaml(`clouds:\n  lab:\n    v: ${value}\n`), value).toBeUndefined();
    }
    for (const file of [
      'clouds:\n- a\n',
      'clouds:\n\tlab: 1\n',
      '  clouds: 1\n',
      'a: 1\na: 2\n',
      'a-b: 1\na_b: 2\n',
      'on: 1\n',
      '---\na: 1\n',
      'a: b\n  c\n',
      '',
    ]) {
      expect(readBlockMappingYaml(file), file).toBeUndefined();
    }
  });

  it('never reads a generated or mutated file differently from the full parser (it only declines)', () => {
    let read = 0;
    const files = 4000;
    for (let seed = 1; seed <= files; seed++) {
      const text = generatedFile(seededRandom(seed));
      if (!readBlockMappingYaml(text)) continue;
      read++;
      expectSameAsFullParser(text);
    }
    // Not a test that passes by declining everything.
    expect(read).toBeGreaterThan(files / 10);
  });
});
