import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes small but complete course folders for tests and benchmarks: a hastexo-style template,
 * Markdown steps with code and an image, and check scripts.
 */
export interface FixtureOptions {
  readonly id?: string;
  readonly version?: string;
  readonly title?: string;
  readonly steps?: number;
  /** Step ids, default step-1 … step-N. */
  readonly stepIds?: readonly string[];
  /** Files to add or replace, path → content. */
  readonly extraFiles?: Readonly<Record<string, string | Buffer>>;
  /** Replace course.yaml entirely. */
  readonly courseYaml?: string;
}

export const FIXTURE_TEMPLATE = `heat_template_version: 2018-08-31
description: A lab host whose address and credentials arrive as outputs.
parameters:
  run:
    type: string
  wait_secs:
    type: number
    default: 0
resources:
  password:
    type: OS::Heat::RandomString
outputs:
  public_ip:
    value: 127.0.0.1
  private_key:
    value: not-a-real-key
  password:
    value: { get_attr: [password, value] }
  ssh_port:
    value: 2222
  rdp_port:
    value: 3389
  user:
    value: learner
`;

// A 1×1 transparent PNG.
export const FIXTURE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

const WORDS = [
  'kernel',
  'shell',
  'process',
  'signal',
  'socket',
  'directory',
  'permission',
  'network',
  'package',
  'service',
  'journal',
  'mount',
  'filesystem',
  'variable',
  'pipeline',
  'editor',
  'archive',
  'compress',
];

export function fixtureStepMarkdown(index: number, title: string): string {
  const words = Array.from({ length: 120 }, (_, i) => WORDS[(index * 7 + i * 3) % WORDS.length]).join(' ');
  return `# ${title}\n\nThis step is about ${WORDS[index % WORDS.length]} number ${index}. ${words}.\n\n![diagram](../images/diagram.png)\n\n\`\`\`bash\necho step-${index}\nls -la /tmp\n\`\`\`\n`;
}

export function fixtureCourseYaml(options: FixtureOptions = {}): string {
  const ids = stepIdsOf(options);
  const steps = ids
    .map(
      (id, i) => `  - id: ${id}
    title: ${stepTitle(id, i)}
    file: steps/${id}.md
    checks: [checks/${i === 0 ? 'first' : 'any'}.sh]`,
    )
    .join('\n');
  return `id: ${options.id ?? 'sample-course'}
title: ${options.title ?? 'Sample course'}
version: ${options.version ?? '1.0.0'}
description: A course written for tests.
authors: [Test Author]
lab:
  template: lab/lab.yaml
  connections:
    - name: terminal
      protocol: ssh
      port: {output: ssh_port}
      user: {output: user}
    - name: desktop
      protocol: rdp
      port: {output: rdp_port}
      user: {output: user}
steps:
${steps}
`;
}

function stepIdsOf(options: FixtureOptions): readonly string[] {
  return options.stepIds ?? Array.from({ length: options.steps ?? 3 }, (_, i) => `step-${i + 1}`);
}

function stepTitle(id: string, index: number): string {
  return `Step ${index + 1} ${id}`;
}

/** Writes the course folder and returns its path. */
export async function writeFixtureCourse(dir: string, options: FixtureOptions = {}): Promise<string> {
  const files: Record<string, string | Buffer> = {
    'course.yaml': options.courseYaml ?? fixtureCourseYaml(options),
    'lab/lab.yaml': FIXTURE_TEMPLATE,
    'images/diagram.png': FIXTURE_PNG,
    'checks/first.sh': '#!/bin/sh\ntest -f "$HOME/hello.txt" || { echo "create ~/hello.txt" >&2; exit 1; }\n',
    'checks/any.sh': '#!/bin/sh\nexit 0\n',
  };
  stepIdsOf(options).forEach((id, i) => {
    files[`steps/${id}.md`] = fixtureStepMarkdown(i, stepTitle(id, i));
  });
  Object.assign(files, options.extraFiles ?? {});
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, ...path.split('/'));
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, content);
  }
  return dir;
}
