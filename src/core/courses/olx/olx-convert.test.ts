import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CourseManifestSchema } from '../../../shared/course';
import { validateBundleDir } from '../bundle-validator';
import { copyCorpus, editCorpusFile, OLX_CORPUS, writeCorpusFile } from './olx-corpus.test-support';
import { OlxExportError } from './olx-errors';
import { convertExtractedExport } from './olx-export';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'lc-olx-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function convert(root = OLX_CORPUS) {
  const out = join(work, `out-${Math.random().toString(36).slice(2)}`);
  const result = await convertExtractedExport(root, out);
  const read = (id: string, path: string): Promise<string> => readFile(join(out, id, ...path.split('/')), 'utf8');
  const manifest = async (id: string) => CourseManifestSchema.parse(parseYaml(await read(id, 'course.yaml')));
  return { out, ...result, read, manifest };
}

async function refusal(root: string): Promise<OlxExportError> {
  const error = await convertExtractedExport(root, join(work, 'refused')).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OlxExportError);
  await expect(readdir(join(work, 'refused'))).rejects.toThrow();
  return error as OlxExportError;
}

describe('converting the hastexo corpus', { timeout: 30_000 }, () => {
  it('makes one course per subsection with a lab block, titled and named after the Open edX course', async () => {
    const { report, dirs } = await convert();
    expect(report.source).toEqual({ org: 'hastexo', course: 'NET101', run: '2024_T1', title: 'Networking 101' });
    expect(report.courses.map((c) => [c.id, c.title, c.protocol])).toEqual([
      ['hastexo-net101-routing-lab', 'Networking 101 — Routing lab', 'ssh'],
      ['hastexo-net101-files-lab', 'Networking 101 — Files lab', 'ssh'],
      ['hastexo-net101-desktop-lab', 'Networking 101 — Desktop lab', 'rdp'],
      ['hastexo-net101-vnc-lab', 'Networking 101 — VNC lab', 'vnc'],
    ]);
    expect(report.skipped).toEqual([
      { subsection: 'welcome', title: 'Welcome', chapter: 'Routing Basics', reason: 'no hastexo or stackamole block: not a lab' },
    ]);
    for (const dir of dirs) expect((await validateBundleDir(dir)).issues).toEqual([]);
  });

  it('turns units into steps in order, ids from their url_names, html into Markdown with images from static/', async () => {
    const { manifest, read, out } = await convert();
    const course = await manifest('hastexo-net101-routing-lab');
    expect(course.steps.map((s) => [s.id, s.title, s.file])).toEqual([
      ['routing_intro', 'How routing works', 'steps/01-routing_intro.md'],
      ['routing_practice', 'Practice: write down a route', 'steps/02-routing_practice.md'],
      ['routing_quiz', 'Check your understanding', 'steps/03-routing_quiz.md'],
    ]);
    const intro = await read('hastexo-net101-routing-lab', 'steps/01-routing_intro.md');
    expect(intro).toContain('### Routes and tables');
    expect(intro).toContain('![A routing table](../images/routing-table.png)');
    expect(intro).toContain('```bash\nip route show\nip route add 10.0.0.0/24 via 192.168.1.1\n```');
    expect(intro).toContain('| 10.0.0.0/24 | 192.168.1.1 |');
    expect(intro).toContain('[watch the video](https://www.youtube.com/watch?v=Xk3hF7bT0wQ)');
    expect(intro).not.toMatch(/<script|alert|remote-diagram\.png\)/);
    const png = await readFile(join(out, 'hastexo-net101-routing-lab', 'images', 'routing-table.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const practice = await read('hastexo-net101-routing-lab', 'steps/02-routing_practice.md');
    expect(practice).toContain('echo "10.0.0.0/24 via 192.168.1.1" > ~/routes.txt');
    const quiz = await read('hastexo-net101-routing-lab', 'steps/03-routing_quiz.md');
    expect(quiz).toContain('This unit has a problem ("Routing quiz") that Lab Console does not show.');
  });

  it('maps the inline block with deprecated children: template, providers, port, test, hook events, timeouts', async () => {
    const { manifest, read, report } = await convert();
    const course = await manifest('hastexo-net101-routing-lab');
    expect(course.lab).toMatchObject({
      template: 'lab/hot_lab.yaml',
      environment: 'lab/hot_env.yaml',
      providers: [{ cloud: 'overflow', template: null, environment: 'lab/hot_env.yaml' }],
      timeouts: { launch_timeout: 900, suspend_timeout: 300, delete_age: 604_800 },
      hooks: {
        before_suspend: { script: 'hooks/before-suspend.sh', connection: 'lab' },
        after_resume: { script: 'hooks/after-resume.sh', connection: 'lab' },
        before_delete: null,
      },
    });
    expect(course.lab?.connections).toEqual([
      expect.objectContaining({
        name: 'lab',
        protocol: 'ssh',
        user: { from: 'output', output: 'user', required: true },
        port: { from: 'output', output: 'ssh_port', required: true },
      }),
    ]);
    expect(course.steps[1]).toMatchObject({ checks: ['checks/routing_practice-1.sh'], check_connection: 'lab', check_timeout: 120 });
    const check = await read('hastexo-net101-routing-lab', 'checks/routing_practice-1.sh');
    expect(check.startsWith('#!/bin/bash\n# The learner writes the route to ~/routes.txt\n')).toBe(true);
    expect(check).toContain('  echo "Write the route 10.0.0.0/24 into ~/routes.txt (see the step)." >&2\n');
    const hook = await read('hastexo-net101-routing-lab', 'hooks/after-resume.sh');
    expect(hook).toMatch(/"\$script" resume\n/);
    expect(hook).toContain('echo "$1" >> "$HOME/.lab-events"');
    for (const file of ['lab/hot_lab.yaml', 'lab/hot_env.yaml', 'lab/hot_lab_host.yaml'])
      expect(await read('hastexo-net101-routing-lab', file)).toBeTruthy();

    const attributes = report.courses[0]!.attributes;
    const status = (name: string) => attributes.filter((a) => a.attribute === name).map((a) => a.status);
    expect(status('<provider>')).toEqual(['mapped', 'mapped', 'ignored']);
    expect(status('<port>')).toEqual(['mapped']);
    expect(status('<test>')).toEqual(['mapped']);
    expect(status('<option:hook_events>')).toEqual(['mapped']);
    expect(status('launch_timeout')).toEqual(['mapped']);
  });

  it('ignores the old credential attributes with a warning and never writes their values', async () => {
    const { out, report } = await convert();
    const warnings = report.courses[0]!.attributes.filter((a) => a.attribute.startsWith('os_'));
    expect(warnings.map((a) => [a.attribute, a.status, a.value])).toEqual([
      ['os_auth_url', 'warning', ''],
      ['os_username', 'warning', ''],
      ['os_password', 'warning', ''],
      ['os_tenant_name', 'warning', ''],
    ]);
    const everything = await readdir(out, { recursive: true, withFileTypes: true });
    for (const entry of everything.filter((e) => e.isFile())) {
      const text = await readFile(join(entry.parentPath, entry.name), 'utf8');
      expect(text, entry.name).not.toMatch(/foobarfoobarfoofoo|demo@example\.com|cloud\.example\.com/);
    }
    expect(JSON.stringify(report)).not.toMatch(/foobarfoobarfoofoo|demo@example\.com/);
  });

  it('reads a pointer to stackamole/<url_name>.xml with the <option:…> YAML forms and a markdown unit', async () => {
    const { manifest, read } = await convert();
    const course = await manifest('hastexo-net101-files-lab');
    expect(course.lab?.connections.map((c) => [c.name, c.protocol])).toEqual([['lab-host', 'ssh']]);
    expect(course.steps[0]).toMatchObject({ id: 'files_task', checks: ['checks/files_task-1.sh', 'checks/files_task-2.sh'] });
    expect(await read('hastexo-net101-files-lab', 'checks/files_task-2.sh')).toBe(
      '#!/bin/sh\n# Check for today\'s note\nif [ ! -s "$HOME/notes/today.txt" ]; then\n  echo "Write something into ~/notes/today.txt." >&2\n  exit 1\nfi\nexit 0\n',
    );
    const step = await read('hastexo-net101-files-lab', 'steps/01-files_task.md');
    expect(step).toContain('## Keep notes on the lab host');
    expect(step).toContain('![The lab topology](../images/topology.svg)');
  });

  it('reads a block exported with filename= (children in hastexo/<filename>.xml): an rdp lab with an ssh connection for its checks', async () => {
    const { manifest, report } = await convert();
    const course = await manifest('hastexo-net101-desktop-lab');
    expect(course.lab?.connections.map((c) => [c.name, c.protocol, c.port])).toEqual([
      ['desktop', 'rdp', { from: 'output', output: 'rdp_port', required: true }],
      ['terminal', 'ssh', { from: 'output', output: 'ssh_port', required: true }],
    ]);
    expect(course.lab?.hooks.before_suspend?.script).toBe('hooks/before-suspend.sh');
    expect(course.lab?.hooks.before_delete).toBeNull();
    expect(course.steps[0]).toMatchObject({ checks: ['checks/desktop_unit-1.sh'], check_connection: 'terminal' });
    const hints = report.courses[2]!.attributes.find((a) => a.attribute === 'show_hints_on_error');
    expect(hints).toMatchObject({ value: 'False', status: 'mapped' });
    // hastexo's progress check settings: "Submit Answer", "Answer Submitted", no hints.
    expect(course.steps[0]?.check_display).toEqual({ button: 'Submit Answer', heading: 'Answer Submitted', score: true, hints: false });
  });

  it('converts a vnc lab into a vnc connection on the template’s VNC port and password, plus ssh for checks, launchable', async () => {
    const { manifest, report } = await convert();
    const course = await manifest('hastexo-net101-vnc-lab');
    expect(course.lab?.refuse_launch).toBeUndefined();
    expect(course.lab?.connections.map((c) => [c.name, c.protocol, c.port, c.password])).toEqual([
      [
        'desktop',
        'vnc',
        { from: 'output', output: 'vnc_port', required: true },
        { from: 'output', output: 'vnc_password', required: true },
      ],
      ['terminal', 'ssh', { from: 'output', output: 'ssh_port', required: true }, { from: 'output', output: 'password', required: false }],
    ]);
    const mapped = report.courses[3]!.attributes.find((a) => a.attribute === 'stack_protocol');
    expect(mapped).toMatchObject({ value: 'vnc', status: 'mapped', mapping: 'lab.connections[].protocol: vnc' });
    expect(report.courses[3]!.notes.join(' ')).not.toContain('cannot open');
  });

  it('reads a vnc lab’s password from the stack’s password output, as hastexo did, when the template has no vnc_password', async () => {
    const corpus = await copyCorpus(join(work, 'no-vnc-password'));
    await editCorpusFile(
      corpus,
      'static/hot_lab.yaml',
      `  vnc_password:
    description: VNC password of the lab host's desktop
    value: { get_attr: [host, vnc_password] }
`,
      '',
    );
    const { manifest } = await convert(corpus);
    const desktop = (await manifest('hastexo-net101-vnc-lab')).lab?.connections[0];
    expect(desktop).toMatchObject({ protocol: 'vnc', password: { from: 'output', output: 'password', required: false } });
  });

  it('keeps step ids when a newer export adds and reorders units', async () => {
    const corpus = await copyCorpus(join(work, 'v2'));
    await editCorpusFile(
      corpus,
      'sequential/routing_lab.xml',
      '<vertical url_name="routing_intro"/>\n  <vertical url_name="routing_practice"/>',
      '<vertical url_name="routing_extra"/>\n  <vertical url_name="routing_practice"/>\n  <vertical url_name="routing_intro"/>',
    );
    await writeCorpusFile(
      corpus,
      'vertical/routing_extra.xml',
      '<vertical display_name="Extra reading"><html><p>More.</p></html></vertical>',
    );
    const before = (await convert()).report.courses[0]!;
    const after = (await convert(corpus)).report.courses[0]!;
    expect(after.steps.map((s) => s.id)).toEqual(['routing_extra', 'routing_practice', 'routing_intro', 'routing_quiz']);
    expect(after.id).toBe(before.id);
    expect(after.version).not.toBe(before.version);
  });
});

describe('hostile exports', { timeout: 30_000 }, () => {
  it('refuses a DOCTYPE (entity bomb) in any XML file, naming file and line', async () => {
    const corpus = await copyCorpus(join(work, 'bomb'));
    await writeCorpusFile(
      corpus,
      'vertical/routing_quiz.xml',
      '<?xml version="1.0"?>\n<!DOCTYPE v [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<vertical>&b;</vertical>\n',
    );
    const error = await refusal(corpus);
    expect(error.issues[0]).toMatchObject({ file: 'vertical/routing_quiz.xml', line: 2, column: 1 });
    expect(error.message).toMatch(/DOCTYPE is refused/);
  });

  it('refuses an external entity and an undeclared entity', async () => {
    const corpus = await copyCorpus(join(work, 'xxe'));
    await writeCorpusFile(corpus, 'html/welcome_text.xml', '<html display_name="x">&xxe;</html>');
    expect((await refusal(corpus)).message).toMatch(/html\/welcome_text\.xml:1:24 entity "&xxe;" is refused/);
    await writeCorpusFile(
      corpus,
      'html/welcome_text.xml',
      '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<html display_name="x">&xxe;</html>',
    );
    expect((await refusal(corpus)).message).toMatch(/html\/welcome_text\.xml:1:1 a DOCTYPE is refused/);
  });

  it('refuses absolute and escaping static paths for the template, a hook, an image and a get_file', async () => {
    const cases: [string, string, string | RegExp, string, RegExp][] = [
      [
        'abs-template',
        'vertical/routing_practice.xml',
        'stack_template_path="hot_lab.yaml"',
        'stack_template_path="/etc/passwd"',
        /template "\/etc\/passwd" is an absolute path/,
      ],
      [
        'dotdot-hook',
        'vertical/routing_practice.xml',
        'hook_script="hook.sh"',
        'hook_script="../../../../etc/passwd"',
        /hook_script ".*" leaves the export's static\/ folder/,
      ],
      [
        'url-template',
        'stackamole/files_lab_block.xml',
        'stack_template_path="hot_lab.yaml"',
        'stack_template_path="https://evil.example/x.yaml"',
        /is a URL/,
      ],
      [
        'dotdot-image',
        'html/routing_intro_text.html',
        '/static/routing-table.png',
        '/static/../../../../etc/passwd',
        /image src ".*" leaves the export's static\/ folder/,
      ],
      [
        'get-file',
        'static/hot_lab.yaml',
        'resources:\n',
        'resources:\n  secret:\n    type: OS::Heat::Value\n    properties: { value: { get_file: /etc/passwd } }\n',
        /static\/hot_lab\.yaml .*"\/etc\/passwd"/,
      ],
    ];
    for (const [name, file, from, to, message] of cases) {
      const corpus = await copyCorpus(join(work, name));
      await editCorpusFile(corpus, file, from, to);
      expect((await refusal(corpus)).message, name).toMatch(message);
    }
  });
});
