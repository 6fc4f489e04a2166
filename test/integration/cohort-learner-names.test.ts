/**
 * Learners by name, against the sandbox's Keystone: an instructor who holds `reader` on the users'
 * domain (the sandbox grants it) sees each lab's learner as Keystone names the user, with the
 * display name the cloud keeps for them; an instructor with member roles on the learner projects
 * only sees the listing of today — each lab's owner as Heat records it — with Keystone's refusal
 * noted in the listing, never a failed listing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/core/cli/cli-main';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import { CohortListing } from '../../src/shared/cohort/cohort-lab';
import { KeystoneAdmin } from '../sandbox/keystone-admin';
import { learner, type SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { createLab, deleteRunStacks, TINY_LAB } from './cohort-labs';
import { connectTo } from './openstack-sandbox';

/** Member on the learner projects, like the sandbox's instructor, but no role on the domain. */
const MEMBER_ONLY = 'instructor-member-only';
const DISPLAY_NAME = 'Ada Lovelace';

describeWithSandbox('cohort: learners named by Keystone when the instructor may read users, as before when not', (sandbox) => {
  const run = randomBytes(3).toString('hex');
  const course = `names-it-${run}`;
  let state: SandboxState;
  let admin: KeystoneAdmin;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const learners: OpenStackConnection[] = [];

  async function listAs(cloud: string): Promise<CohortListing> {
    let out = '';
    let err = '';
    const streams = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) };
    const code = await runCli(['--home', join(dir, `home-${cloud}`), '--os-cloud', cloud, '--json', 'cohort', 'list', '--course', course], {
      streams,
      env,
    });
    expect(code, err).toBe(0);
    return CohortListing.parse(JSON.parse(out));
  }

  beforeAll(async () => {
    state = sandbox();
    dir = mkdtempSync(join(tmpdir(), 'lc-names-it-'));
    admin = await KeystoneAdmin.login(state.keystone.url, { user: 'admin', password: state.admin.password, projectName: 'admin' });
    const member = (await admin.request<{ roles: { id: string }[] }>('GET', '/roles?name=member')).roles[0]!.id;
    const memberOnly = await admin.ensureUser(MEMBER_ONLY, state.instructor.password, { defaultProjectId: state.instructor.projectId });
    await admin.grantProjectRole(state.instructor.projectId, memberOnly, member);
    for (const l of state.learners) await admin.grantProjectRole(l.projectId, memberOnly, member);
    // The cloud's own name for the person behind learner1 (an attribute Keystone keeps as given).
    await admin.request('PATCH', `/users/${learner(state, 1).userId}`, { user: { display_name: DISPLAY_NAME } });

    const auth = (user: string) => ({
      auth_url: state.keystone.url,
      username: user,
      password: state.instructor.password,
      project_name: state.instructor.projectName,
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    });
    const cloudsYaml = join(dir, 'clouds.yaml');
    writeFileSync(
      cloudsYaml,
      stringify({
        clouds: {
          reader: { region_name: state.region, auth: auth(state.instructor.name) },
          'member-only': { region_name: state.region, auth: auth(MEMBER_ONLY) },
        },
      }),
      { mode: 0o600 },
    );
    env = { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYaml, OS_CLIENT_SECURE_FILE: join(dir, 'none.yaml'), OS_CLOUD: '' };

    for (const n of [1, 2]) learners.push(await connectTo(state, `learner${n}`));
    await Promise.all(learners.map((l) => createLab(l, course, run, { template: TINY_LAB })));
  }, 180_000);

  afterAll(async () => {
    await admin?.request('PATCH', `/users/${learner(state, 1).userId}`, { user: { display_name: null } }).catch(() => undefined);
    await Promise.all(learners.map((l) => deleteRunStacks(l, run)));
    await Promise.all(learners.map((l) => l.close()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('an instructor with reader on the domain sees user names from Keystone and the display name the cloud keeps', async () => {
    const listing = await listAs('reader');
    expect(listing.learnerNames).toEqual({ from: 'keystone', problem: null });
    const rows = listing.labs.map((l) => ({ learner: l.learner, displayName: l.learnerDisplayName, project: l.projectName }));
    expect(rows).toEqual([
      { learner: 'learner1', displayName: DISPLAY_NAME, project: 'lab-learner1' },
      { learner: 'learner2', displayName: undefined, project: 'lab-learner2' },
    ]);
  });

  it('an instructor with member roles only gets today’s listing, Keystone’s refusal noted, the listing whole', async () => {
    const listing = await listAs('member-only');
    expect(listing.problems).toEqual([]);
    expect(listing.learnerNames?.from).toBe('stack-owner');
    expect(listing.learnerNames?.problem).toMatch(/^Keystone refused a token scoped to domain "default" \(401: /);
    expect(listing.labs.map((l) => [l.learner, l.learnerDisplayName])).toEqual([
      ['learner1', undefined],
      ['learner2', undefined],
    ]);
  });
});
