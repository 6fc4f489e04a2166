import { describe, expect, it } from 'vitest';
import { CourseManifestSchema, stackParameters } from './course-manifest';

const base = {
  id: 'demo-course',
  title: 'Demo',
  version: '1.2.3-beta.1',
  steps: [{ id: 'one', title: 'One', file: 'steps/one.md', checks: ['checks/one'] }],
};

function lab(extra: Record<string, unknown> = {}) {
  return {
    template: 'lab/lab.yaml',
    connections: [
      { name: 'gateway', protocol: 'ssh', user: 'training', port: 2222 },
      { name: 'inner', protocol: 'ssh', user: { output: 'inner_user' }, host: { output: 'inner_ip' }, jump: 'gateway' },
      { name: 'desktop', protocol: 'rdp', user: 'Administrator', rdp_cert_sha256: { output: 'cert' } },
    ],
    ...extra,
  };
}

describe('CourseManifestSchema', () => {
  it('reads the rates of a provider (per cloud, per flavor) and names a wrong one by its path', () => {
    const manifest = CourseManifestSchema.parse({
      ...base,
      lab: lab({
        providers: [
          {
            cloud: 'east',
            rates: {
              running_per_hour: 0.3,
              suspended_per_hour: 0.01,
              currency: 'EUR',
              flavors: { big: { running_per_hour: 1, suspended_per_hour: 0.1 } },
            },
          },
          { cloud: 'west' },
        ],
      }),
    });
    expect(manifest.lab?.providers?.[0]?.rates).toEqual({
      runningPerHour: 0.3,
      suspendedPerHour: 0.01,
      currency: 'EUR',
      flavors: { big: { runningPerHour: 1, suspendedPerHour: 0.1 } },
    });
    expect(manifest.lab?.providers?.[1]).not.toHaveProperty('rates');
    const wrong = CourseManifestSchema.safeParse({
      ...base,
      lab: lab({ providers: [{ cloud: 'east', rates: { running_per_hour: -1, suspended_per_hour: 0, currency: 'EUR' } }] }),
    });
    expect(wrong.error?.issues[0]?.path).toEqual(['lab', 'providers', 0, 'rates', 'running_per_hour']);
  });

  it('turns literals and {output: NAME} into value sources, with hastexo defaults for the rest', () => {
    const manifest = CourseManifestSchema.parse({ ...base, lab: lab() });
    const [gateway, inner, desktop] = manifest.lab?.connections ?? [];
    expect(gateway).toEqual({
      name: 'gateway',
      protocol: 'ssh',
      host: { from: 'output', output: 'public_ip', required: true },
      port: { from: 'literal', value: 2222 },
      user: { from: 'literal', value: 'training' },
      private_key: { from: 'output', output: 'private_key', required: false },
      password: { from: 'output', output: 'password', required: false },
      host_key_fingerprint: null,
      jump: null,
    });
    expect(inner).toMatchObject({ host: { from: 'output', output: 'inner_ip' }, port: { from: 'literal', value: 22 }, jump: 'gateway' });
    expect(desktop).toMatchObject({ port: { from: 'literal', value: 3389 }, rdp_cert_sha256: { from: 'output', output: 'cert' } });
  });

  it('fills timeouts, hook connections and check settings', () => {
    const manifest = CourseManifestSchema.parse({
      ...base,
      lab: lab({ timeouts: { suspend_timeout: '5m', max_session: '4h', delete_age: 'none' }, hooks: { before_suspend: 'hooks/save.sh' } }),
    });
    expect(manifest.lab?.timeouts).toEqual({
      launch_timeout: 900,
      suspend_timeout: 300,
      max_session: 14_400,
      delete_age: null,
      max_extensions: 0,
      extension: 1800,
    });
    expect(manifest.lab?.hooks.before_suspend).toEqual({ script: 'hooks/save.sh', connection: 'gateway', timeout: 300 });
    expect(manifest.steps[0]).toMatchObject({ check_timeout: 60, check_connection: 'gateway', images: [] });
  });

  it('passes the course id as the template parameter run', () => {
    const manifest = CourseManifestSchema.parse({ ...base, lab: lab({ parameters: { flavor: 'm1.small' } }) });
    expect(stackParameters(manifest)).toEqual({ flavor: 'm1.small', run: 'demo-course' });
  });

  it('refuses secrets written into the bundle and paths that leave it', () => {
    const withSecret = { ...base, lab: lab() };
    withSecret.lab.connections[0] = { ...withSecret.lab.connections[0], password: 'hunter2' } as never;
    expect(CourseManifestSchema.safeParse(withSecret).success).toBe(false);
    const escaping = { ...base, steps: [{ id: 'one', title: 'One', file: '../outside.md' }] };
    expect(CourseManifestSchema.safeParse(escaping).error?.issues[0]?.path).toEqual(['steps', 0, 'file']);
  });

  it('reads web services with their defaults, and opens a tab per connection, then per service', () => {
    const manifest = CourseManifestSchema.parse({
      ...base,
      lab: lab({
        services: [
          { name: 'Dashboard', connection: 'inner', port: 8443, path: '/ui/', tls: 'self-signed', cert_sha256: { output: 'dash_cert' } },
          { name: 'Notes app', port: { output: 'notes_port' } },
        ],
      }),
    });
    expect(manifest.lab?.services).toEqual([
      {
        name: 'Dashboard',
        connection: 'inner',
        host: { from: 'literal', value: 'localhost' },
        port: { from: 'literal', value: 8443 },
        path: '/ui/',
        tls: 'self-signed',
        cert_sha256: { from: 'output', output: 'dash_cert', required: true },
      },
      {
        name: 'Notes app',
        connection: 'gateway',
        host: { from: 'literal', value: 'localhost' },
        port: { from: 'output', output: 'notes_port', required: true },
        path: '/',
        tls: 'none',
        cert_sha256: null,
      },
    ]);
    expect(manifest.lab?.tabs.map((t) => [t.connection, t.service ?? null])).toEqual([
      ['gateway', null],
      ['inner', null],
      ['desktop', null],
      ['inner', 'Dashboard'],
      ['gateway', 'Notes app'],
    ]);
  });

  it('opens a service tab the course lists, reached through its connection', () => {
    const manifest = CourseManifestSchema.parse({
      ...base,
      lab: lab({
        services: [{ name: 'Dashboard', connection: 'inner', port: 80 }],
        tabs: ['gateway', { service: 'Dashboard', title: 'Ceph' }],
      }),
    });
    expect(manifest.lab?.tabs).toEqual([
      { connection: 'gateway', title: null },
      { connection: 'inner', title: 'Ceph', service: 'Dashboard' },
    ]);
  });

  it('reads check hints in check order, a solve script on the check connection, and session extensions', () => {
    const manifest = CourseManifestSchema.parse({
      ...base,
      lab: lab({ timeouts: { max_session: '2h', max_extensions: 2, extension: '45m' } }),
      steps: [
        {
          id: 'one',
          title: 'One',
          file: 'steps/one.md',
          checks: ['checks/a.sh', { script: 'checks/b.sh', hints: ['Look in /etc.', 'Try: ls /etc/hosts'] }],
          check_connection: 'inner',
          solve: 'solve/one.sh',
        },
        { id: 'two', title: 'Two', file: 'steps/two.md', solve: 'solve/two.sh' },
      ],
    });
    expect(manifest.lab?.timeouts).toMatchObject({ max_session: 7200, max_extensions: 2, extension: 2700 });
    const [one, two] = manifest.steps;
    expect(one?.checks).toEqual(['checks/a.sh', 'checks/b.sh']);
    expect(one?.hints).toEqual([
      { check: 'checks/b.sh', text: 'Look in /etc.' },
      { check: 'checks/b.sh', text: 'Try: ls /etc/hosts' },
    ]);
    expect(one?.solve).toEqual({ script: 'solve/one.sh', connection: 'inner', timeout: 300 });
    expect(two?.solve).toEqual({ script: 'solve/two.sh', connection: 'gateway', timeout: 300 });
    expect(two?.check_connection).toBeNull();
  });

  it('refuses a bad service: no port, a path without "/", an unknown tls', () => {
    const result = CourseManifestSchema.safeParse({
      ...base,
      lab: lab({ services: [{ name: 'A' }, { name: 'B', port: 80, path: 'ui' }, { name: 'C', port: 80, tls: 'letsencrypt' }] }),
    });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['lab.services.0.port', 'lab.services.1.path', 'lab.services.2.tls']);
  });
});
