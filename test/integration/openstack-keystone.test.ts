/**
 * Keystone v3 against the sandbox: password and application-credential logins, the catalog,
 * endpoint selection, token renewal before expiry and after a revocation, and application
 * credentials of the logged-in user.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AuthFailedError, EndpointNotFoundError } from '../../src/core/openstack/errors';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import { connect } from '../../src/core/openstack/openstack-client';
import { learner, type SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { connectTo, revokeAsAdmin, sandboxCloud } from './openstack-sandbox';

describeWithSandbox('Keystone v3 through the OpenStack client', (sandbox) => {
  let state: SandboxState;
  let admin: OpenStackConnection;
  const opened: OpenStackConnection[] = [];

  async function open(name: string, options: Parameters<typeof connectTo>[2] = {}): Promise<OpenStackConnection> {
    const connection = await connectTo(state, name, options);
    opened.push(connection);
    return connection;
  }

  beforeAll(async () => {
    state = sandbox();
    admin = await open('admin');
  });

  afterAll(async () => {
    for (const c of opened) await c.close();
  });

  it('logs in with a password to a project-scoped token with a catalog', async () => {
    const c = await open('learner1');
    const token = await c.keystone.token();
    const learner1 = learner(state, 1);
    expect(token.user).toMatchObject({ id: learner1.userId, name: 'learner1' });
    expect(token.project).toMatchObject({ id: learner1.projectId, name: learner1.projectName });
    expect(token.methods).toEqual(['password']);
    expect(token.value.length).toBeGreaterThan(20);
    expect(token.expiresAt).toBeGreaterThan(Date.now() + 60_000);
    expect(await c.keystone.endpoint('orchestration')).toBe(`${state.heat.url}/${learner1.projectId}`);
    expect(await c.keystone.endpoint('identity')).toBe(state.keystone.url);
  });

  it('logs in with an application credential, bound to its project', async () => {
    const c = await open('learner1-appcred');
    const token = await c.keystone.token();
    expect(token.methods).toEqual(['application_credential']);
    expect(token.applicationCredential?.id).toBe(state.appCredential.id);
    expect(token.project?.id).toBe(learner(state, 1).projectId);
  });

  it('names the cloud, the user and Keystone’s message when the password is wrong', async () => {
    const cloud = sandboxCloud(state, 'learner2');
    const c = await connect({ ...cloud, auth: { ...cloud.auth, password: 'not-the-password' } as typeof cloud.auth });
    opened.push(c);
    const error = await c.keystone.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthFailedError);
    const auth = error as AuthFailedError;
    expect(auth.cloud).toBe('learner2');
    expect(auth.user).toContain('learner2');
    expect(auth.status).toBe(401);
    expect(auth.message).toContain('learner2');
    expect(auth.keystoneMessage.length).toBeGreaterThan(0);
    expect(auth.message).toMatch(/Check the user, password/);
  });

  it('says which endpoint it looked for and what the catalog has when the region is wrong', async () => {
    const cloud = sandboxCloud(state, 'learner1');
    const c = await connect({ ...cloud, regionName: 'Atlantis' });
    opened.push(c);
    const error = await c.keystone.endpoint('orchestration').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointNotFoundError);
    expect((error as Error).message).toContain('region "Atlantis"');
    expect((error as Error).message).toContain(`orchestration public ${state.region}`);
  });

  it('authenticates with a token of its own, and says to get a new one when it is revoked', async () => {
    const issuer = await open('learner3');
    const issued = await issuer.keystone.token();
    const cloud = sandboxCloud(state, 'learner3');
    const byToken = await connect({
      ...cloud,
      auth: {
        type: 'token',
        authUrl: cloud.auth.authUrl,
        token: issued.value,
        projectName: learner(state, 3).projectName,
        projectDomainName: 'Default',
      },
    });
    opened.push(byToken);
    expect((await byToken.keystone.token()).methods).toContain('token');
    await revokeAsAdmin(state, admin, issued.value);
    byToken.keystone.invalidate();
    const error = await byToken.keystone.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthFailedError);
    expect((error as Error).message).toMatch(/token has expired or was revoked/);
  });

  it('re-authenticates exactly once for many concurrent requests that meet a revoked token (margin 0)', async () => {
    const c = await open('learner1', { refreshMarginMs: 0 });
    const first = await c.keystone.token();
    expect(c.keystone.stats.authentications).toBe(1);
    await revokeAsAdmin(state, admin, first.value);
    const results = await Promise.all(Array.from({ length: 8 }, () => c.heat.list({ limit: 1 })));
    expect(results).toHaveLength(8);
    expect(c.keystone.stats).toEqual({ authentications: 2, reauthenticationsAfter401: 1 });
    expect((await c.keystone.token()).value).not.toBe(first.value);
  });

  it('renews the token before it expires, without ever meeting a 401', async () => {
    const probe = await open('learner2');
    const lifetime = (await probe.keystone.token()).expiresAt - Date.now();
    // A margin just under the token's lifetime makes it "about to expire" 1.5 s after issue.
    const margin = lifetime - 1_500;
    const c = await open('learner2', { refreshMarginMs: margin });
    const first = await c.keystone.token();
    await c.heat.list({ limit: 1 });
    expect(c.keystone.stats.authentications).toBe(1);
    // Keystone's expiry has whole seconds, so this token may live up to a second longer than the
    // probe's: wait for its own "about to expire" moment, not a fixed 1.8 s.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, first.expiresAt - margin - Date.now()) + 300));
    await Promise.all([c.heat.list({ limit: 1 }), c.heat.list({ limit: 1 }), c.heat.list({ limit: 1 })]);
    expect(c.keystone.stats).toEqual({ authentications: 2, reauthenticationsAfter401: 0 });
    expect((await c.keystone.token()).value).not.toBe(first.value);
  });

  it('creates, lists and deletes application credentials of the logged-in user, unrestricted on request', async () => {
    const c = await open('learner2');
    const name = `it-os-appcred-${process.pid}`;
    const created = await c.applicationCredentials.create({ name, description: 'integration test', unrestricted: true });
    try {
      expect(created.secret.length).toBeGreaterThan(20);
      expect(created.unrestricted).toBe(true);
      expect(created.projectId).toBe(learner(state, 2).projectId);
      const listed = await c.applicationCredentials.list();
      expect(listed.find((a) => a.id === created.id)).toMatchObject({ name, unrestricted: true });
      expect(listed.find((a) => a.id === created.id)).not.toHaveProperty('secret');

      // The new credential logs in by id, and by name with its user.
      const cloud = sandboxCloud(state, 'learner1-appcred');
      const byId = await connect({
        ...cloud,
        auth: {
          type: 'v3applicationcredential',
          authUrl: cloud.auth.authUrl,
          applicationCredentialId: created.id,
          applicationCredentialSecret: created.secret,
        },
      });
      const byName = await connect({
        ...cloud,
        auth: {
          type: 'v3applicationcredential',
          authUrl: cloud.auth.authUrl,
          applicationCredentialName: name,
          applicationCredentialSecret: created.secret,
          username: 'learner2',
          userDomainName: 'Default',
        },
      });
      opened.push(byId, byName);
      expect((await byId.keystone.token()).user.name).toBe('learner2');
      expect((await byName.keystone.token()).applicationCredential?.id).toBe(created.id);
    } finally {
      await c.applicationCredentials.delete(created.id);
    }
    expect((await c.applicationCredentials.list()).some((a) => a.id === created.id)).toBe(false);
    // Deleting again is not an error.
    await c.applicationCredentials.delete(created.id);
  });
});
