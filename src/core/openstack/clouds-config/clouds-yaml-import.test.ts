import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../../test/support/temp-home';
import { parseCloudsYaml, type ImportOutcome } from './clouds-yaml-import';

let dir: ReturnType<typeof tempHome>;
beforeEach(() => {
  dir = tempHome('lc-import-');
});
afterEach(() => dir.remove());

function only(cloudsYaml: string, secureYaml?: string): ImportOutcome {
  const { outcomes } = parseCloudsYaml({ cloudsYaml, secureYaml });
  expect(outcomes).toHaveLength(1);
  return outcomes[0]!;
}

describe('parseCloudsYaml', () => {
  it('keeps the CA bundle a clouds.yaml points at as PEM text, and verify: false', () => {
    const ca = join(dir.path, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const outcome = only(
      `clouds:\n  c:\n    cacert: ${ca}\n    auth: {auth_url: "https://k/v3", username: u, password: p, project_name: x}\n`,
    );
    expect(outcome.ok && outcome.value.cloud).toMatchObject({ cacertPem: expect.stringContaining('BEGIN CERTIFICATE') });
    const insecure = only(
      'clouds:\n  c:\n    verify: false\n    auth: {auth_url: "https://k/v3", username: u, password: p, project_name: x}\n',
    );
    expect(insecure.ok && insecure.value.cloud.verify).toBe(false);
  });

  it('names the line of a CA file that cannot be read', () => {
    const outcome = only(
      'clouds:\n  c:\n    auth: {auth_url: "https://k/v3", username: u, password: p, project_name: x}\n    cacert: /nonexistent/ca.pem\n',
    );
    expect(!outcome.ok && outcome.problem).toMatch(
      /^clouds\.yaml:4, field clouds\.c\.cacert: cloud "c": the CA bundle \/nonexistent\/ca\.pem cannot be read \(ENOENT\)/,
    );
  });

  it('refuses token auth (tokens expire) and client certificates, saying what to use instead', () => {
    const token = only('clouds:\n  t:\n    auth_type: token\n    auth: {auth_url: "https://k/v3", token: abc, project_id: p}\n');
    expect(!token.ok && token.problem).toMatch(/logs in with a token, which expires.*\nUse a password or an application credential/);
    const cert = only(
      'clouds:\n  c:\n    cert: /x/c.pem\n    key: /x/k.pem\n    auth: {auth_url: "https://k/v3", username: u, password: p, project_name: x}\n',
    );
    expect(!cert.ok && cert.problem).toMatch(/client certificate.*\nKeep this cloud in clouds\.yaml/);
  });

  it('keeps the lab_console block (inline Heat environment, rates, capacity) and says what it drops', () => {
    const outcome = only(
      [
        'clouds:',
        '  c:',
        '    api_timeout: 30',
        '    orchestration_endpoint_override: https://heat.example/v1/%(project_id)s',
        '    auth: {auth_url: "https://k/v3", application_credential_id: ac, application_credential_secret: s}',
        '    auth_type: v3applicationcredential',
        '    lab_console:',
        '      capacity: 4',
        '      rates: {running_per_hour: 0.5, suspended_per_hour: 0.05, currency: EUR}',
        '      heat_environment: {parameter_defaults: {image: debian-12}}',
      ].join('\n'),
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.secret).toBe('s');
    expect(outcome.value.cloud).toMatchObject({
      authType: 'v3applicationcredential',
      applicationCredentialId: 'ac',
      labConsole: {
        capacity: 4,
        rates: { runningPerHour: 0.5, suspendedPerHour: 0.05, currency: 'EUR' },
        heatEnvironment: { parameter_defaults: { image: 'debian-12' } },
      },
    });
    expect(JSON.stringify(outcome.value.cloud)).not.toContain('"s"');
    expect(outcome.value.warnings.join('\n')).toMatch(/endpoint overrides \(orchestration\).*\n.*api_timeout/);
  });

  it('says when the text is not a clouds.yaml at all', () => {
    expect(() => parseCloudsYaml({ cloudsYaml: 'hello: world\n' })).toThrow('clouds.yaml:1: there is no "clouds:" mapping');
  });
});
