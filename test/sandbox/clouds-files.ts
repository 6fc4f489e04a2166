import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { SandboxPaths } from './paths';
import type { SandboxState } from './state';

type CloudsPart = Pick<SandboxState, 'region' | 'keystone' | 'admin' | 'learners' | 'instructor' | 'appCredential'>;

/**
 * clouds.yaml + secure.yaml in openstacksdk's format: one password cloud per user and one
 * `learner1-appcred` cloud; secrets only in secure.yaml (openstacksdk merges it over clouds.yaml).
 */
export function writeCloudFiles(paths: SandboxPaths, state: CloudsPart): void {
  const common = { region_name: state.region, interface: 'public', identity_api_version: 3 };
  const passwordCloud = (user: string, projectName: string) => ({
    auth_type: 'password',
    auth: {
      auth_url: state.keystone.url,
      username: user,
      project_name: projectName,
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    },
    ...common,
  });
  const clouds: Record<string, unknown> = {};
  const secure: Record<string, unknown> = {};
  const users = [
    ...state.learners.map((l) => ({ name: l.name, projectName: l.projectName, password: l.password })),
    state.instructor,
    state.admin,
  ];
  for (const user of users) {
    clouds[user.name] = passwordCloud(user.name, user.projectName);
    secure[user.name] = { auth: { password: user.password } };
  }
  const appCloud = `${state.appCredential.userName}-appcred`;
  clouds[appCloud] = {
    auth_type: 'v3applicationcredential',
    auth: { auth_url: state.keystone.url, application_credential_id: state.appCredential.id },
    ...common,
  };
  secure[appCloud] = { auth: { application_credential_secret: state.appCredential.secret } };
  const header = '# Written by `npm run sandbox`; rewritten on every start.\n';
  writeFileSync(paths.cloudsYaml, header + stringify({ clouds }));
  writeFileSync(paths.secureYaml, header + stringify({ clouds: secure }), { mode: 0o600 });
}

/**
 * The sandbox cloud's Heat environment, merged after a course's own: it maps the generic
 * `Lab::Host` type to the sandbox's plugin, where a real cloud maps it to a nested template
 * with a Nova server.
 */
export function writeHeatEnvironment(paths: SandboxPaths): void {
  const header =
    '# Heat environment of the Lab Console sandbox cloud (`npm run sandbox`).\n' +
    '# A real cloud maps Lab::Host to a nested template with OS::Nova::Server instead.\n';
  writeFileSync(paths.heatEnvironment, header + stringify({ resource_registry: { 'Lab::Host': 'Sandbox::LabHost' } }));
}
