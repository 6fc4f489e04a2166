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
    expect(manifest.lab?.timeouts).toEqual({ launch_timeout: 900, suspend_timeout: 300, max_session: 14_400, delete_age: null });
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
});
