import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deepUpdate, prepareInlineTemplate, prepareTemplate, TemplateFileError, TemplateReferencesError } from './template-files';

let dir: string;
const url = (rel: string): string => pathToFileURL(join(dir, rel)).href;

function write(rel: string, content: string | Buffer): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), content);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tpl-'));
  write(
    'lab.yaml',
    `heat_template_version: 2018-08-31
parameters:
  run: {type: string, default: x}
resources:
  script:
    type: OS::Heat::Value
    properties:
      value: {get_file: scripts/hello.sh}
  box:
    type: nested/box.yaml
  plain:
    type: OS::Heat::None
`,
  );
  write('scripts/hello.sh', '#!/bin/sh\necho hello\n');
  write(
    'nested/box.yaml',
    `heat_template_version: 2018-08-31
resources:
  motd:
    type: OS::Heat::Value
    properties:
      value: {get_file: motd.txt}
  again:
    type: OS::Heat::Value
    properties:
      value: {get_file: ../scripts/hello.sh}
`,
  );
  write('nested/motd.txt', 'Welcome\n');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('prepareTemplate', () => {
  it('collects get_file and nested templates keyed by the absolute URL the rewritten template uses', async () => {
    const prepared = await prepareTemplate(join(dir, 'lab.yaml'));
    expect(Object.keys(prepared.files).sort()).toEqual([url('nested/box.yaml'), url('nested/motd.txt'), url('scripts/hello.sh')].sort());
    expect(prepared.files[url('scripts/hello.sh')]).toBe('#!/bin/sh\necho hello\n');
    const resources = prepared.template.resources as Record<string, { type: string; properties?: { value: unknown } }>;
    expect(resources.script?.properties?.value).toEqual({ get_file: url('scripts/hello.sh') });
    expect(resources.box?.type).toBe(url('nested/box.yaml'));
    expect(resources.plain?.type).toBe('OS::Heat::None');
    // Heat 19 reads the nested template from files by the same key; its own get_file were resolved relative to it.
    const nested = JSON.parse(prepared.files[url('nested/box.yaml')]!) as { resources: Record<string, { properties: { value: unknown } }> };
    expect(nested.resources.motd?.properties.value).toEqual({ get_file: url('nested/motd.txt') });
    expect(nested.resources.again?.properties.value).toEqual({ get_file: url('scripts/hello.sh') });
  });

  it('keeps heat_template_version a string, as PyYAML does', async () => {
    const prepared = await prepareTemplate(join(dir, 'lab.yaml'));
    expect(prepared.template.heat_template_version).toBe('2018-08-31');
  });

  it('resolves resource_registry templates relative to each environment and merges environments in order', async () => {
    write(
      'envs/course.yaml',
      'parameter_defaults: {flavor: small, image: debian}\nresource_registry:\n  "Lab::Box": ../nested/box.yaml\n  "Lab::Alias": OS::Heat::None\n',
    );
    write(
      'cloud/site.yaml',
      'parameter_defaults: {flavor: m1.large}\nresource_registry:\n  resources:\n    box:\n      "Lab::Box": site-box.yaml\n',
    );
    write('cloud/site-box.yaml', 'heat_template_version: 2018-08-31\nresources: {}\n');
    const prepared = await prepareTemplate(join(dir, 'lab.yaml'), [
      { path: join(dir, 'envs/course.yaml') },
      { path: join(dir, 'cloud/site.yaml') },
    ]);
    expect(prepared.environment).toEqual({
      parameter_defaults: { flavor: 'm1.large', image: 'debian' },
      resource_registry: {
        'Lab::Box': url('nested/box.yaml'),
        'Lab::Alias': 'OS::Heat::None',
        resources: { box: { 'Lab::Box': url('cloud/site-box.yaml') } },
      },
    });
    expect(prepared.files[url('cloud/site-box.yaml')]).toBe(JSON.stringify({ heat_template_version: '2018-08-31', resources: {} }));
  });

  it('resolves an inline environment relative to its base directory', async () => {
    write('cloud/net.yaml', 'heat_template_version: 2018-08-31\n');
    const prepared = await prepareTemplate(join(dir, 'lab.yaml'), [
      { inline: { resource_registry: { 'Lab::Net': 'net.yaml' } }, baseDir: join(dir, 'cloud') },
    ]);
    expect((prepared.environment.resource_registry as Record<string, string>)['Lab::Net']).toBe(url('cloud/net.yaml'));
  });

  it('sends content that is not UTF-8 base64-encoded, as heatclient does', async () => {
    write('blob.bin', Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    write(
      'bin.yaml',
      'heat_template_version: 2018-08-31\nresources:\n  b:\n    type: OS::Heat::Value\n    properties: {value: {get_file: blob.bin}}\n',
    );
    const prepared = await prepareTemplate(join(dir, 'bin.yaml'));
    expect(prepared.files[url('blob.bin')]?.trim()).toBe(Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString('base64'));
  });

  it('names the missing file and the template that refers to it', async () => {
    write(
      'broken.yaml',
      'heat_template_version: 2018-08-31\nresources:\n  x:\n    type: OS::Heat::Value\n    properties: {value: {get_file: nope.txt}}\n',
    );
    const error = await prepareTemplate(join(dir, 'broken.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateReferencesError);
    expect((error as TemplateReferencesError).problems[0]).toBeInstanceOf(TemplateFileError);
    expect((error as TemplateReferencesError).problems[0]?.reference).toEqual({
      from: url('broken.yaml'),
      field: ['resources', 'x', 'properties', 'value', 'get_file'],
      value: 'nope.txt',
    });
    expect((error as Error).message).toContain(url('nope.txt'));
    expect((error as Error).message).toContain('no such file');
    expect((error as Error).message).toContain(url('broken.yaml'));
  });

  it('asks the reader about every reference, with where it was written, even for a file already collected', async () => {
    write(
      'twice.yaml',
      'heat_template_version: 2018-08-31\nresources:\n  a: {type: OS::Heat::Value, properties: {value: {get_file: scripts/hello.sh}}}\n  b: {type: OS::Heat::Value, properties: {value: {get_file: scripts/hello.sh}}}\n',
    );
    const asked: unknown[] = [];
    await prepareTemplate(join(dir, 'twice.yaml'), [], {
      reader: async (u, ref) => (asked.push(ref?.field.join('.') ?? u), readFileSync(new URL(u))),
    });
    expect(asked).toEqual([url('twice.yaml'), 'resources.a.properties.value.get_file', 'resources.b.properties.value.get_file']);
  });

  it("reads each environment with its own reader when it has one, the template's otherwise", async () => {
    write('envs/course.yaml', 'resource_registry:\n  "Lab::Box": ../nested/box.yaml\n');
    write('cloud/site.yaml', 'resource_registry:\n  "Lab::Site": site-box.yaml\n');
    write('cloud/site-box.yaml', 'heat_template_version: 2018-08-31\nresources: {}\n');
    const readBy: string[] = [];
    const reader = (name: string) => async (u: string) => (readBy.push(`${name} ${u.slice(url('').length + 1)}`), readFileSync(new URL(u)));
    await prepareTemplate(
      join(dir, 'lab.yaml'),
      [{ path: join(dir, 'envs/course.yaml') }, { path: join(dir, 'cloud/site.yaml'), reader: reader('cloud') }],
      { reader: reader('course') },
    );
    expect(readBy.filter((r) => r.startsWith('cloud'))).toEqual(['cloud cloud/site.yaml', 'cloud cloud/site-box.yaml']);
    expect(readBy).toContain('course nested/box.yaml');
  });

  it("resolves a relative base_url against the environment's folder and tells the reader it was used", async () => {
    write('envs/course.yaml', 'resource_registry:\n  base_url: ../nested\n  "Lab::Box": box.yaml\n');
    const bases: unknown[] = [];
    const prepared = await prepareTemplate(join(dir, 'lab.yaml'), [{ path: join(dir, 'envs/course.yaml') }], {
      reader: async (u, ref) => (bases.push(ref?.baseUrl), readFileSync(new URL(u))),
    });
    expect((prepared.environment.resource_registry as Record<string, string>)['Lab::Box']).toBe(url('nested/box.yaml'));
    expect(bases).toContain('../nested');
  });

  it('reports a reference or base_url that is no URL at all where it is written, instead of throwing', async () => {
    write(
      'odd.yaml',
      'heat_template_version: 2018-08-31\nresources:\n  x: {type: OS::Heat::Value, properties: {value: {get_file: "http://[oops"}}}\n',
    );
    write('envs/odd.yaml', 'resource_registry:\n  resources:\n    box:\n      base_url: "http://[oops"\n      "Lab::Box": box.yaml\n');
    const error = (await prepareTemplate(join(dir, 'odd.yaml'), [{ path: join(dir, 'envs/odd.yaml') }]).catch(
      (e: unknown) => e,
    )) as TemplateReferencesError;
    expect(error).toBeInstanceOf(TemplateReferencesError);
    expect(error.problems.map((p) => [p.reference?.field.join('.'), p.problem])).toEqual([
      ['resources.x.properties.value.get_file', '"http://[oops" is not a path or URL'],
      ['resource_registry.resources.box.base_url', 'base_url "http://[oops" is not a path or URL'],
    ]);
  });

  it('refuses nested templates that include each other, instead of recursing forever', async () => {
    write('a.yaml', 'heat_template_version: 2018-08-31\nresources:\n  b: {type: b.yaml}\n');
    write('b.yaml', 'heat_template_version: 2018-08-31\nresources:\n  a: {type: a.yaml}\n');
    const error = (await prepareTemplate(join(dir, 'a.yaml')).catch((e: unknown) => e)) as TemplateReferencesError;
    expect(error).toBeInstanceOf(TemplateReferencesError);
    expect(error.problems.map((p) => p.problem)).toEqual(['"a.yaml" includes a template that includes it again (a cycle)']);
  });

  it('refuses a file that is not a Heat template', async () => {
    write('notes.yaml', 'just: notes\n');
    await expect(prepareTemplate(join(dir, 'notes.yaml'))).rejects.toThrow(/not a Heat template/);
  });

  it('refuses an environment with an unknown section', async () => {
    write('bad-env.yaml', 'parameter: {a: 1}\n');
    await expect(prepareTemplate(join(dir, 'lab.yaml'), [{ path: join(dir, 'bad-env.yaml') }])).rejects.toThrow(
      /unknown section "parameter"/,
    );
  });
});

describe('prepareInlineTemplate', () => {
  it('resolves a template held in memory against a directory', async () => {
    const { template, files } = await prepareInlineTemplate(
      {
        heat_template_version: '2018-08-31',
        resources: { s: { type: 'OS::Heat::Value', properties: { value: { get_file: 'scripts/hello.sh' } } } },
      },
      dir,
    );
    expect(Object.keys(files)).toEqual([url('scripts/hello.sh')]);
    expect(JSON.stringify(template)).toContain(url('scripts/hello.sh'));
  });
});

describe('deepUpdate', () => {
  it('merges nested mappings and never lets a null erase one', () => {
    expect(deepUpdate({ a: { b: 1, c: 2 }, d: { e: 1 } }, { a: { c: 3 }, d: null, f: 4 })).toEqual({
      a: { b: 1, c: 3 },
      d: { e: 1 },
      f: 4,
    });
  });
});
