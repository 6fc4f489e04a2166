import { KeystoneAdmin, passwordToken } from './keystone-admin';
import { learnerPassword, type SandboxConfig } from './sandbox-config';
import type { SandboxLearner, SandboxState } from './state';

/**
 * The identities a school would set up: one project per learner (learners never see each other's
 * labs), an instructor with a role on every learner project and `reader` on the users' domain, and what Heat itself needs
 * (a `heat` service user, the `heat` stack-user domain, the heat_stack_* roles, the catalog entry).
 */
export const APP_CREDENTIAL_NAME = 'lab-console-sandbox';
export const COHORT_TAG = 'lc-cohort=sandbox';

export type IdentityLayout = Pick<SandboxState, 'admin' | 'learners' | 'instructor' | 'appCredential'>;

export async function ensureIdentityLayout(config: SandboxConfig, keystoneUrl: string, heatUrl: string): Promise<IdentityLayout> {
  const ks = await KeystoneAdmin.login(keystoneUrl, { user: 'admin', password: config.passwords.admin, projectName: 'admin' });
  const role = {
    admin: await ks.ensureRole('admin'),
    member: await ks.ensureRole('member'),
    reader: await ks.ensureRole('reader'),
    stackOwner: await ks.ensureRole('heat_stack_owner'),
    stackUser: await ks.ensureRole('heat_stack_user'),
  };
  const adminProjectId = await ks.ensureProject('admin');
  const adminUsers = await ks.request<{ users: { id: string }[] }>('GET', '/users?name=admin&domain_id=default');
  const adminUserId = adminUsers.users[0]?.id ?? '';

  // Heat: its service user validates tokens and makes trusts; the domain holds users Heat creates for stacks
  const serviceProject = await ks.ensureProject('service', { description: 'OpenStack services' });
  const heatUser = await ks.ensureUser('heat', config.passwords.heatService, { defaultProjectId: serviceProject });
  await ks.grantProjectRole(serviceProject, heatUser, role.admin);
  const heatDomain = await ks.ensureDomain('heat');
  const heatDomainAdmin = await ks.ensureUser('heat_domain_admin', config.passwords.heatDomainAdmin, { domainId: heatDomain });
  await ks.grantDomainRole(heatDomain, heatDomainAdmin, role.admin);
  // the ports may have moved since `keystone-manage bootstrap` wrote the identity endpoints
  await ks.ensureEndpoints(await ks.ensureService('identity', 'keystone'), config.region, keystoneUrl);
  const orchestration = await ks.ensureService('orchestration', 'heat');
  await ks.ensureEndpoints(orchestration, config.region, `${heatUrl}/$(project_id)s`);

  const instructorProjectName = 'lab-instructor';
  const instructorProject = await ks.ensureProject(instructorProjectName, { description: 'The instructor of the sandbox cohort' });
  const instructorId = await ks.ensureUser('instructor', config.passwords.instructor, { defaultProjectId: instructorProject });
  await ks.grantProjectRole(instructorProject, instructorId, role.member);
  // Keystone's default policy lets a domain-scoped reader list and show the domain's users: the
  // cohort then names learners by their Keystone user (and display name), not by their stack's owner.
  await ks.grantDomainRole('default', instructorId, role.reader);

  const learners: SandboxLearner[] = [];
  for (let n = 1; n <= config.learnerCount; n += 1) {
    const name = `learner${n}`;
    const projectName = `lab-${name}`;
    const password = learnerPassword(config, name);
    const projectId = await ks.ensureProject(projectName, { description: `Labs of ${name}`, tags: ['lab-console', COHORT_TAG] });
    const userId = await ks.ensureUser(name, password, { defaultProjectId: projectId });
    await ks.grantProjectRole(projectId, userId, role.member);
    await ks.grantProjectRole(projectId, userId, role.stackOwner);
    await ks.grantProjectRole(projectId, instructorId, role.member);
    learners.push({ name, password, userId, projectId, projectName });
  }

  const first = learners[0] as SandboxLearner;
  const appCredential = await ensureAppCredential(config, keystoneUrl, first);
  return {
    admin: { name: 'admin', password: config.passwords.admin, userId: adminUserId, projectName: 'admin', projectId: adminProjectId },
    learners,
    instructor: {
      name: 'instructor',
      password: config.passwords.instructor,
      userId: instructorId,
      projectName: instructorProjectName,
      projectId: instructorProject,
    },
    appCredential,
  };
}

/**
 * learner1's application credential. `unrestricted` lets its tokens create trusts and further
 * credentials — Heat makes a trust on every stack create (see README for what Debian's Keystone allows).
 */
async function ensureAppCredential(config: SandboxConfig, url: string, owner: SandboxLearner): Promise<IdentityLayout['appCredential']> {
  const { token } = await passwordToken(url, { user: owner.name, password: owner.password, projectName: owner.projectName });
  const headers = { 'x-auth-token': token, 'content-type': 'application/json' };
  const base = `${url}/users/${owner.userId}/application_credentials`;
  const known = config.appCredential;
  if (known) {
    const check = await fetch(`${base}/${known.id}`, { headers });
    await check.body?.cancel();
    if (check.status === 200) return { ...known, userName: owner.name };
  }
  const listing = (await (await fetch(`${base}?name=${APP_CREDENTIAL_NAME}`, { headers })).json()) as {
    application_credentials?: { id: string }[];
  };
  for (const stale of listing.application_credentials ?? []) {
    const gone = await fetch(`${base}/${stale.id}`, { method: 'DELETE', headers });
    await gone.body?.cancel();
  }
  const created = await fetch(base, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      application_credential: {
        name: APP_CREDENTIAL_NAME,
        description: 'Lab Console sandbox: learner1 without a password',
        unrestricted: true,
      },
    }),
  });
  if (created.status !== 201)
    throw new Error(`Could not create learner1's application credential: ${created.status} ${await created.text()}`);
  const body = (await created.json()) as { application_credential: { id: string; secret: string; unrestricted: boolean } };
  config.appCredential = {
    id: body.application_credential.id,
    name: APP_CREDENTIAL_NAME,
    secret: body.application_credential.secret,
    unrestricted: body.application_credential.unrestricted,
  };
  return { ...config.appCredential, userName: owner.name };
}
