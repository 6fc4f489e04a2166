import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudConfigError } from '../errors';
import { CloudConfigLoader } from './cloud-config-loader';

let root: string;
let cwd: string;
let home: string;
let etc: string;

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function loader(env: NodeJS.ProcessEnv = {}): CloudConfigLoader {
  return new CloudConfigLoader({ env: { HOME: home, ...env }, cwd, home, systemDirs: [etc] });
}

function configError(fn: () => unknown): CloudConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CloudConfigError) return error;
    throw error;
  }
  throw new Error('expected a CloudConfigError');
}

const passwordCloud = (url: string): string => `clouds:
  lab:
    auth:
      auth_url: ${url}
      username: alice
      project_name: course
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
`;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'clouds-'));
  cwd = join(root, 'cwd');
  home = join(root, 'home');
  etc = join(root, 'etc-openstack');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(home, { recursive: true });
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('where clouds.yaml is found', () => {
  it('prefers the current directory over ~/.config/openstack over the system directory, reading only the first', () => {
    write(join(etc, 'clouds.yaml'), 'clouds: {sys: {auth: {auth_url: "http://sys"}}}');
    expect(loader().names()).toEqual(['sys']);
    write(join(home, '.config/openstack/clouds.yaml'), 'clouds: {user: {auth: {auth_url: "http://user"}}}');
    expect(loader().names()).toEqual(['user']);
    write(join(cwd, 'clouds.yml'), 'clouds: {here: {auth: {auth_url: "http://here"}}}');
    expect(loader().names()).toEqual(['here']);
  });

  it('puts OS_CLIENT_CONFIG_FILE and OS_CLIENT_SECURE_FILE before every other place', () => {
    write(join(cwd, 'clouds.yaml'), 'clouds: {here: {}}');
    const custom = write(join(root, 'elsewhere/my.yaml'), passwordCloud('http://custom:5000/v3'));
    const secret = write(join(root, 'elsewhere/my-secure.yaml'), 'clouds: {lab: {auth: {password: s3cret}}}');
    const config = loader({ OS_CLIENT_CONFIG_FILE: custom, OS_CLIENT_SECURE_FILE: secret });
    expect(config.cloudFile?.path).toBe(custom);
    const cloud = config.getCloud('lab');
    expect(cloud.auth).toMatchObject({ type: 'password', password: 's3cret', authUrl: 'http://custom:5000/v3' });
  });

  it('honours XDG_CONFIG_HOME for the user directory', () => {
    const xdg = join(root, 'xdg');
    write(join(xdg, 'openstack/clouds.yaml'), 'clouds: {xdg: {}}');
    expect(loader({ XDG_CONFIG_HOME: xdg }).names()).toEqual(['xdg']);
  });

  it('reads clouds.json too', () => {
    write(join(cwd, 'clouds.json'), JSON.stringify({ clouds: { j: { auth: { auth_url: 'http://j' } } } }));
    expect(loader().names()).toEqual(['j']);
  });
});

describe('secure.yaml', () => {
  it('deep-merges over clouds.yaml, its values winning', () => {
    write(join(cwd, 'clouds.yaml'), passwordCloud('http://k:5000/v3'));
    write(join(home, '.config/openstack/secure.yaml'), 'clouds:\n  lab:\n    auth:\n      password: pw\n      username: bob\n');
    const cloud = loader().getCloud('lab');
    expect(cloud.auth).toMatchObject({ username: 'bob', password: 'pw', projectName: 'course', userDomainName: 'Default' });
    expect(cloud.origin.secureFile).toBe(join(home, '.config/openstack/secure.yaml'));
  });
});

describe('choosing a cloud', () => {
  it('uses OS_CLOUD, else the only cloud, else asks', () => {
    write(join(cwd, 'clouds.yaml'), 'clouds: {a: {}, b: {}}');
    expect(loader().defaultCloud()).toBeUndefined();
    expect(configError(() => loader().getCloud()).message).toMatch(/a, b.*none is chosen/s);
    expect(loader({ OS_CLOUD: 'b' }).defaultCloud()).toBe('b');
    write(join(cwd, 'clouds.yaml'), 'clouds: {only: {}}');
    expect(loader().defaultCloud()).toBe('only');
  });

  it('names the file and the known clouds when the cloud does not exist', () => {
    const file = write(join(cwd, 'clouds.yaml'), 'clouds: {a: {}}');
    const error = configError(() => loader().getCloud('nope'));
    expect(error.message).toContain(file);
    expect(error.message).toContain('Known clouds: a');
  });
});

describe('OS_* variables', () => {
  const env = {
    OS_AUTH_URL: 'http://127.0.0.1:5000/v3',
    OS_USERNAME: 'carol',
    OS_PASSWORD: 'pw',
    OS_PROJECT_NAME: 'p',
    OS_USER_DOMAIN_NAME: 'Default',
    OS_PROJECT_DOMAIN_ID: 'default',
    OS_REGION_NAME: 'RegionTwo',
    OS_INTERFACE: 'internal',
    OS_INSECURE: 'True',
    OS_TEST_TIMEOUT: '1',
  };

  it('make a cloud named "envvars" that becomes the default', () => {
    const config = loader(env);
    expect(config.names()).toEqual(['envvars']);
    expect(config.defaultCloud()).toBe('envvars');
    const cloud = config.getCloud();
    expect(cloud.auth).toEqual({
      type: 'password',
      authUrl: 'http://127.0.0.1:5000/v3',
      username: 'carol',
      userId: undefined,
      password: 'pw',
      userDomainName: 'Default',
      userDomainId: undefined,
      projectName: 'p',
      projectDomainId: 'default',
      projectDomainName: undefined,
    });
    expect(cloud.regionName).toBe('RegionTwo');
    expect(cloud.interface).toBe('internal');
    expect(cloud.tls.verify).toBe(false);
    expect(cloud.origin.source).toBe('environment');
  });

  it('alone as selectors do not make a cloud', () => {
    expect(loader({ OS_CLOUD: 'x', OS_REGION_NAME: 'r' }).names()).toEqual([]);
  });

  it('takes OS_CLOUD_NAME as the name and refuses a clash with a file cloud', () => {
    expect(loader({ ...env, OS_CLOUD_NAME: 'mine' }).names()).toEqual(['mine']);
    write(join(cwd, 'clouds.yaml'), 'clouds: {mine: {}}');
    expect(configError(() => loader({ ...env, OS_CLOUD_NAME: 'mine' })).message).toMatch(/OS_CLOUD_NAME/);
  });

  it('override the chosen clouds.yaml entry, as the openstack CLI does', () => {
    write(
      join(cwd, 'clouds.yaml'),
      passwordCloud('http://file:5000/v3').replace('region_name: RegionOne', 'region_name: [RegionOne, RegionTwo]'),
    );
    const cloud = loader({ OS_CLOUD: 'lab', OS_PASSWORD: 'from-env', OS_REGION_NAME: 'RegionTwo' }).getCloud();
    expect(cloud.auth).toMatchObject({ username: 'alice', password: 'from-env' });
    expect(cloud.regionName).toBe('RegionTwo');
  });

  it('name the variable to set when one is missing', () => {
    const { OS_PASSWORD: _omit, ...withoutPassword } = env;
    expect(configError(() => loader(withoutPassword).getCloud()).message).toMatch(/OS_PASSWORD/);
  });

  it('read an application credential, sending no project scope', () => {
    const cloud = loader({
      OS_AUTH_URL: 'http://k/v3',
      OS_AUTH_TYPE: 'v3applicationcredential',
      OS_APPLICATION_CREDENTIAL_ID: 'ac1',
      OS_APPLICATION_CREDENTIAL_SECRET: 'sec',
      OS_PROJECT_NAME: 'ignored',
    }).getCloud();
    expect(cloud.auth).toMatchObject({
      type: 'v3applicationcredential',
      applicationCredentialId: 'ac1',
      applicationCredentialSecret: 'sec',
    });
    expect(cloud.auth).not.toHaveProperty('projectName');
  });

  it('infer token auth from OS_TOKEN when no user is given', () => {
    const cloud = loader({ OS_AUTH_URL: 'http://k/v3', OS_TOKEN: 'gAAA', OS_PROJECT_ID: 'pid' }).getCloud();
    expect(cloud.auth).toEqual({ type: 'token', authUrl: 'http://k/v3', token: 'gAAA', projectId: 'pid' });
  });
});

describe('openstacksdk compatibility fixes', () => {
  it('maps tenant_name, hyphenated keys, a shared domain_name and auth_plugin', () => {
    write(
      join(cwd, 'clouds.yaml'),
      `clouds:
  old:
    auth_plugin: v3password
    auth:
      auth-url: http://k/v3
      username: u
      password: p
      tenant-name: t
      domain_name: Dom
    endpoint_type: internalURL
`,
    );
    const cloud = loader().getCloud('old');
    expect(cloud.auth).toMatchObject({ type: 'password', projectName: 't', userDomainName: 'Dom', projectDomainName: 'Dom' });
    expect(cloud.interface).toBe('internal');
  });

  it('defaults both domains to "default" like the openstack CLI, or to OS_DEFAULT_DOMAIN', () => {
    write(join(cwd, 'clouds.yaml'), 'clouds: {c: {auth: {auth_url: "http://k", username: u, password: p, project_name: x}}}');
    expect(loader().getCloud('c').auth).toMatchObject({ userDomainId: 'default', projectDomainId: 'default' });
    expect(loader({ OS_DEFAULT_DOMAIN: 'd2' }).getCloud('c').auth).toMatchObject({ userDomainId: 'd2', projectDomainId: 'd2' });
  });

  it('reads YAML 1.1 booleans as PyYAML does and lets insecure beat verify', () => {
    write(
      join(cwd, 'clouds.yaml'),
      'clouds: {c: {verify: no, auth: {auth_url: "http://k", token: t, project_id: p}}, d: {verify: yes, insecure: "true", auth: {auth_url: "http://k", token: t, project_id: p}}}',
    );
    expect(loader().getCloud('c').tls.verify).toBe(false);
    expect(loader().getCloud('d').tls.verify).toBe(false);
  });

  it('formats {region_name} in auth_url and expands ~ in cacert', () => {
    write(
      join(cwd, 'clouds.yaml'),
      'clouds: {c: {region_name: r1, cacert: ~/ca.pem, auth: {auth_url: "https://{region_name}.example/v3", token: t, project_id: p}}}',
    );
    const cloud = loader().getCloud('c');
    expect(cloud.auth.authUrl).toBe('https://r1.example/v3');
    expect(cloud.tls.cacertFile).toBe(join(home, 'ca.pem'));
  });

  it('picks the first of several regions, or the requested one, and refuses an unknown one', () => {
    write(
      join(cwd, 'clouds.yaml'),
      'clouds: {c: {regions: [east, {name: west, values: {interface: internal}}], auth: {auth_url: "http://k", token: t, project_id: p}}}',
    );
    expect(loader().getCloud('c').regionName).toBe('east');
    const west = loader().getCloud('c', { regionName: 'west' });
    expect(west.regionName).toBe('west');
    expect(west.interface).toBe('internal');
    expect(configError(() => loader().getCloud('c', { regionName: 'North' })).message).toMatch(
      /"North" is not one of its regions \(east, west\)/,
    );
  });

  it('turns <service>_endpoint_override into an endpoint override', () => {
    write(
      join(cwd, 'clouds.yaml'),
      'clouds: {c: {orchestration_endpoint_override: "http://h/v1/%(project_id)s", auth: {auth_url: "http://k", token: t, project_id: p}}}',
    );
    expect(loader().getCloud('c').endpointOverrides).toEqual({ orchestration: 'http://h/v1/%(project_id)s' });
  });
});

describe('errors name the file, field and line', () => {
  it('for bad YAML', () => {
    const file = write(join(cwd, 'clouds.yaml'), 'clouds:\n  lab:\n    auth: {auth_url: http://x\n    region_name: [\n');
    const error = configError(() => loader());
    expect(error.location.file).toBe(file);
    expect(error.location.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toContain(`${file}:${error.location.line}`);
  });

  it('for a missing password, pointing at the auth block', () => {
    const file = write(join(cwd, 'clouds.yaml'), passwordCloud('http://k/v3'));
    const error = configError(() => loader().getCloud('lab'));
    expect(error.message).toContain(`${file}:3`);
    expect(error.message).toContain('clouds.lab.auth.password');
    expect(error.message).toMatch(/secure\.yaml/);
  });

  it('for a bad lab_console field', () => {
    const file = write(join(cwd, 'clouds.yaml'), `${passwordCloud('http://k/v3')}    lab_console:\n      capacity: -5\n`);
    write(join(cwd, 'secure.yaml'), 'clouds: {lab: {auth: {password: p}}}');
    const error = configError(() => loader().getCloud('lab'));
    expect(error.message).toContain(`${file}:11`);
    expect(error.message).toContain('clouds.lab.lab_console.capacity');
  });
});

describe('lab_console settings', () => {
  it('reads rates, capacity and a Heat environment path relative to the clouds.yaml', () => {
    write(
      join(cwd, 'clouds.yaml'),
      `${passwordCloud('http://k/v3')}    lab_console:
      heat_environment: envs/lab.yaml
      rates: {running_per_hour: 0.12, suspended_per_hour: 0.01, currency: EUR}
      capacity: -1
`,
    );
    write(join(cwd, 'secure.yaml'), 'clouds: {lab: {auth: {password: p}}}');
    const cloud = loader().getCloud('lab');
    expect(cloud.labConsole).toEqual({
      heatEnvironment: { kind: 'file', path: join(cwd, 'envs/lab.yaml') },
      rates: { runningPerHour: 0.12, suspendedPerHour: 0.01, currency: 'EUR' },
      capacity: -1,
    });
  });

  it('reads per-flavor rates and names the line of a wrong one', () => {
    write(
      join(cwd, 'clouds.yaml'),
      `${passwordCloud('http://k/v3')}    lab_console:
      rates:
        running_per_hour: 0.12
        suspended_per_hour: 0.01
        currency: EUR
        flavor_parameter: lab_flavor
        flavors:
          m1.large: {running_per_hour: 0.5, suspended_per_hour: 0.02}
`,
    );
    write(join(cwd, 'secure.yaml'), 'clouds: {lab: {auth: {password: p}}}');
    expect(loader().getCloud('lab').labConsole.rates).toEqual({
      runningPerHour: 0.12,
      suspendedPerHour: 0.01,
      currency: 'EUR',
      flavorParameter: 'lab_flavor',
      flavors: { 'm1.large': { runningPerHour: 0.5, suspendedPerHour: 0.02 } },
    });
    write(
      join(cwd, 'clouds.yaml'),
      `${passwordCloud('http://k/v3')}    lab_console:
      rates:
        running_per_hour: 0.12
        suspended_per_hour: 0.01
        currency: EUR
        flavors:
          m1.large: {running_per_hour: lots, suspended_per_hour: 0.02}
`,
    );
    const error = (() => {
      try {
        loader().getCloud('lab');
      } catch (e) {
        return e as Error;
      }
      throw new Error('a wrong flavor rate was accepted');
    })();
    expect(error.message).toContain('clouds.lab.lab_console.rates.flavors.m1.large.running_per_hour');
  });

  it('accepts an inline Heat environment mapping', () => {
    write(
      join(cwd, 'clouds.yaml'),
      'clouds: {c: {lab_console: {heat_environment: {parameter_defaults: {flavor: m1.small}}}, auth: {auth_url: "http://k", token: t, project_id: p}}}',
    );
    expect(loader().getCloud('c').labConsole.heatEnvironment).toEqual({
      kind: 'inline',
      environment: { parameter_defaults: { flavor: 'm1.small' } },
      baseDir: cwd,
    });
  });
});
