import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatCourseIssue } from '../../shared/course';
import { validateBundleDir } from './bundle-validator';
import { FIXTURE_TEMPLATE, writeFixtureCourse } from './course-fixture';

const dirs: string[] = [];
async function course(options: Parameters<typeof writeFixtureCourse>[1] = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lc-course-'));
  dirs.push(dir);
  return writeFixtureCourse(dir, options);
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function messages(dir: string): Promise<string[]> {
  return (await validateBundleDir(dir)).issues.map(formatCourseIssue);
}

const GOOD_LAB = `lab:
  template: lab/lab.yaml
  connections:
    - name: terminal
      protocol: ssh
      port: {output: ssh_port}
      user: {output: user}
`;

describe('validateBundleDir', () => {
  it('accepts a complete course and fills the documented defaults', async () => {
    const result = await validateBundleDir(await course());
    expect(result.issues).toEqual([]);
    const lab = result.manifest?.lab;
    expect(lab?.timeouts).toEqual({
      launch_timeout: 900,
      suspend_timeout: 120,
      max_session: null,
      delete_age: 1_209_600,
      max_extensions: 0,
      extension: 1800,
    });
    expect(lab?.connections[0]).toMatchObject({
      protocol: 'ssh',
      host: { from: 'output', output: 'public_ip' },
      port: { from: 'output', output: 'ssh_port' },
      private_key: { from: 'output', output: 'private_key', required: false },
    });
    expect(lab?.connections[1]).toMatchObject({ protocol: 'rdp', password: { from: 'output', output: 'password' } });
    expect(result.manifest?.steps[0]).toMatchObject({ check_timeout: 60, check_connection: 'terminal' });
  });

  it('names file, line, column and field for a bad protocol', async () => {
    const dir = await course({
      courseYaml: `id: demo-course
title: Demo
version: 1.0.0
lab:
  template: lab/lab.yaml
  connections:
    - name: terminal
      protocol: telnet
      user: learner
steps:
  - id: one
    title: One
    file: steps/step-1.md
`,
    });
    expect(await messages(dir)).toContain('course.yaml:8:17 lab.connections[0].protocol: expected "ssh", "rdp" or "vnc", got "telnet"');
  });

  it('reports every schema problem of the file in one run, each at its own line', async () => {
    const dir = await course({
      courseYaml: `id: Bad_Id
title: Demo
version: 1.0
timeout: 5m
${GOOD_LAB}  timeouts:
    launch_timeout: soon
steps:
  - id: one
    title: One
    file: steps/step-1.md
    check_timeout: 0
  - title: Two
    file: steps/step-2.md
`,
    });
    const found = await messages(dir);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^course\.yaml:1:5 id: must be 2–63 lower-case .*got "Bad_Id"$/),
        'course.yaml:3:10 version: expected a text, got the number 1; put it in quotes if you meant the text',
        'course.yaml:4:1 timeout: unknown field (check its spelling and indentation)',
        expect.stringMatching(/^course\.yaml:13:21 lab\.timeouts\.launch_timeout: must be a duration such as "90s"/),
        expect.stringMatching(/^course\.yaml:18:20 steps\[0\]\.check_timeout: must be a duration/),
        'course.yaml:19:5 steps[1].id: is required',
      ]),
    );
    expect(found).toHaveLength(6);
  });

  it('reports YAML syntax errors with their line', async () => {
    const dir = await course({ courseYaml: 'id: demo\ntitle: [unclosed\nsteps:\n  - id: x\n' });
    const [first] = await messages(dir);
    expect(first).toMatch(/^course\.yaml:\d+:\d+ YAML error: /);
    expect((await validateBundleDir(dir)).manifest).toBeNull();
  });

  it('reports duplicate keys as YAML errors at the second key', async () => {
    const dir = await course({ courseYaml: 'id: demo\nid: again\n' });
    expect(await messages(dir)).toEqual([
      'course.yaml:2:1 YAML error: Map keys must be unique (this key appears twice in the same mapping)',
    ]);
  });

  it('checks cross references: duplicate step ids, jump and hook connections, missing files', async () => {
    const dir = await course({
      courseYaml: `id: demo-course
title: Demo
version: 1.0.0
lab:
  template: lab/lab.yaml
  connections:
    - name: terminal
      protocol: ssh
      user: {output: user}
      jump: desktop
    - name: desktop
      protocol: rdp
      user: {output: user}
  hooks:
    before_suspend: {script: hooks/save.sh, connection: nowhere}
steps:
  - id: one
    title: One
    file: steps/step-1.md
    images: [images/missing.png]
    checks: [checks/any.sh, checks/gone.sh]
  - id: one
    title: Again
    file: steps/nothing.md
`,
    });
    expect(await messages(dir)).toEqual([
      'course.yaml:10:13 lab.connections[0].jump: jump host "desktop" must be an ssh connection, it is rdp',
      'course.yaml:15:30 lab.hooks.before_suspend.script: file not found in the bundle: "hooks/save.sh"',
      'course.yaml:15:57 lab.hooks.before_suspend.connection: hook connection "nowhere" is not a connection of this lab (known: terminal, desktop)',
      'course.yaml:20:14 steps[0].images[0]: file not found in the bundle: "images/missing.png"',
      'course.yaml:21:29 steps[0].checks[1]: file not found in the bundle: "checks/gone.sh"',
      'course.yaml:22:9 steps[1].id: duplicate step id "one" (also steps[0]); step ids must be unique',
      'course.yaml:24:11 steps[1].file: file not found in the bundle: "steps/nothing.md"',
    ]);
  });

  it("opens one tab per connection first, or the course's own tabs, and names a tab that is no connection of the lab", async () => {
    const plain = await validateBundleDir(await course());
    expect(plain.manifest?.lab?.tabs).toEqual([
      { connection: 'terminal', title: null },
      { connection: 'desktop', title: null },
    ]);
    const lab = `lab:
  template: lab/lab.yaml
  connections:
    - name: terminal
      protocol: ssh
      user: {output: user}
    - name: desktop
      protocol: rdp
      user: {output: user}
  tabs:
    - terminal
    - {connection: terminal, title: Logs}
    - desktop
`;
    const steps = `steps:
  - id: one
    title: One
    file: steps/step-1.md
`;
    const chosen = await validateBundleDir(await course({ courseYaml: `id: demo-course\ntitle: Demo\nversion: 1.0.0\n${lab}${steps}` }));
    expect(chosen.issues).toEqual([]);
    expect(chosen.manifest?.lab?.tabs).toEqual([
      { connection: 'terminal', title: null },
      { connection: 'terminal', title: 'Logs' },
      { connection: 'desktop', title: null },
    ]);
    const wrong = lab.replace(
      '    - desktop\n',
      '    - desktop\n    - {connection: web}\n    - desktop\n    - {connection: terminal, title: ""}\n',
    );
    expect(await messages(await course({ courseYaml: `id: demo-course\ntitle: Demo\nversion: 1.0.0\n${wrong}${steps}` }))).toEqual([
      'course.yaml:17:20 lab.tabs[3].connection: tab "web" is not a connection of this lab (known: terminal, desktop)',
      'course.yaml:18:7 lab.tabs[4]: the desktop "desktop" is already a tab; a desktop opens once',
      'course.yaml:19:37 lab.tabs[5].title: must not be empty',
    ]);
  });

  it('checks web services, their tabs, hints, solve scripts and session extensions, each at its line', async () => {
    const good = `id: demo-course
title: Demo
version: 1.0.0
lab:
  template: lab/lab.yaml
  connections:
    - name: terminal
      protocol: ssh
      port: {output: ssh_port}
      user: {output: user}
  timeouts:
    max_session: 2h
    max_extensions: 2
    extension: 30m
  services:
    - {name: Dashboard, port: 8443, tls: self-signed}
  tabs:
    - terminal
    - {service: Dashboard, title: Ceph}
steps:
  - id: one
    title: One
    file: steps/step-1.md
    checks:
      - checks/first.sh
      - script: checks/any.sh
        hints: [Look in your home folder., "Try: ls ~"]
    solve: solve/one.sh
`;
    const extraFiles = { 'steps/step-1.md': '# One\n', 'solve/one.sh': '#!/bin/sh\necho hello > ~/hello.txt\n' };
    const ok = await validateBundleDir(await course({ courseYaml: good, extraFiles }));
    expect(ok.issues.map(formatCourseIssue)).toEqual([]);
    expect(ok.manifest?.steps[0]?.solve).toEqual({ script: 'solve/one.sh', connection: 'terminal', timeout: 300 });
    expect(ok.manifest?.steps[0]?.hints.map((h) => h.text)).toEqual(['Look in your home folder.', 'Try: ls ~']);

    const bad = good
      .replace('    max_session: 2h\n', '')
      .replace(
        '    - {name: Dashboard, port: 8443, tls: self-signed}\n',
        [
          '    - {name: Dashboard, port: 8443, tls: self-signed}',
          '    - {name: Dashboard, port: {output: dash_port}, connection: nowhere}',
          '    - {name: Plain, port: 80, cert_sha256: abc}',
          '',
        ].join('\n'),
      )
      .replace(
        '    - {service: Dashboard, title: Ceph}\n',
        '    - {service: Dashboard, title: Ceph}\n    - {service: Dashboard}\n    - {service: Grafana}\n',
      )
      .replace('hints: [Look in your home folder., "Try: ls ~"]', 'hints: []')
      .replace('    solve: solve/one.sh\n', '    solve: solve/two.sh\n');
    expect(await messages(await course({ courseYaml: bad, extraFiles }))).toEqual([
      'course.yaml:12:21 lab.timeouts.max_extensions: extensions lengthen max_session, but this lab has no max_session; set one (e.g. max_session: 2h) or leave max_extensions out',
      'course.yaml:16:14 lab.services[1].name: duplicate service name "Dashboard"',
      'course.yaml:16:64 lab.services[1].connection: service connection "nowhere" is not a connection of this lab (known: terminal)',
      'course.yaml:17:31 lab.services[2].cert_sha256: cert_sha256 pins an HTTPS certificate: set tls: self-signed too',
      'course.yaml:21:17 lab.tabs[2].service: the service "Dashboard" is already a tab; a web console opens once',
      'course.yaml:22:17 lab.tabs[3].service: tab "Grafana" is not a service of this lab (known: Dashboard, Plain)',
      'course.yaml:30:16 steps[0].checks[1].hints: list at least one hint',
      'course.yaml:31:12 steps[0].solve: file not found in the bundle: "solve/two.sh"',
    ]);
    // Outputs are checked against the template once the file's shape is right.
    const missingOutput = good.replace('port: 8443, tls', 'port: {output: dash_port}, tls');
    expect(await messages(await course({ courseYaml: missingOutput, extraFiles }))).toEqual([
      'course.yaml:16:31 lab.services[0].port: the template has no output "dash_port" (outputs: public_ip, private_key, password, ssh_port, rdp_port, user)',
    ]);
  });

  it('checks Markdown images: missing, remote, outside the bundle', async () => {
    const dir = await course({
      extraFiles: {
        'steps/step-2.md':
          '# Two\n\n![gone](../images/gone.png)\n\ntext ![remote](https://example.com/x.png)\n\n<img src="../../etc/x.png">\n',
      },
    });
    expect(await messages(dir)).toEqual([
      'steps/step-2.md:3:1 image "../images/gone.png" not found in the bundle (looked for "images/gone.png")',
      expect.stringMatching(
        /^steps\/step-2\.md:5:6 image "https:\/\/example\.com\/x\.png" is not a file of the bundle; a course must read offline/,
      ),
      'steps/step-2.md:7:1 image "../../etc/x.png" points outside the bundle',
    ]);
  });

  it('checks the template contract: run parameter, outputs named by connections, credentials', async () => {
    const template = FIXTURE_TEMPLATE.replace('  run:\n    type: string\n', '').replace(/ {2}ssh_port:\n {4}value: 2222\n/, '');
    const dir = await course({ extraFiles: { 'lab/lab.yaml': template } });
    expect(await messages(dir)).toEqual([
      'course.yaml:11:13 lab.connections[0].port: the template has no output "ssh_port" (outputs: public_ip, private_key, password, rdp_port, user)',
      expect.stringMatching(/^lab\/lab\.yaml:4:3 parameters: the template must declare a parameter "run"/),
    ]);
  });

  it('checks that files an environment maps resource types to are in the bundle', async () => {
    const dir = await course({
      courseYaml: (await import('./course-fixture'))
        .fixtureCourseYaml()
        .replace('  template: lab/lab.yaml\n', '  template: lab/lab.yaml\n  environment: lab/env.yaml\n'),
      extraFiles: { 'lab/env.yaml': 'resource_registry:\n  Lab::Host: host.yaml\n  Lab::Net: OS::Neutron::Net\n' },
    });
    expect(await messages(dir)).toEqual(['lab/env.yaml:2:14 resource_registry.Lab::Host: file not found in the bundle: "lab/host.yaml"']);
  });

  it('refuses file types the course view could run, and scripts without a shebang', async () => {
    const dir = await course({ extraFiles: { 'steps/page.html': '<script>alert(1)</script>', 'checks/any.sh': 'exit 0\n' } });
    expect(await messages(dir)).toEqual([
      'checks/any.sh:1:1 a script must start with a "#!" line (e.g. #!/bin/sh): it is run as a program on the lab',
      expect.stringMatching(/^steps\/page\.html file type "\.html" is not allowed here/),
    ]);
  });

  it('lets files under the template folder have any type (Heat get_file payloads)', async () => {
    const dir = await course({ extraFiles: { 'lab/cloud-init.cfg': '#cloud-config\n', 'lab/setup.ps1': 'Write-Host hi' } });
    expect(await messages(dir)).toEqual([]);
  });

  it('says what is missing when there is no course.yaml', async () => {
    const dir = await course();
    await rm(join(dir, 'course.yaml'));
    await writeFile(join(dir, 'README'), 'no manifest here');
    expect(await messages(dir)).toEqual(['course.yaml missing: a bundle has course.yaml at its root']);
  });
});
