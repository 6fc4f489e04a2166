/**
 * Signing in with a password: the app tries to keep an application credential instead, and keeps
 * the password (saying why) where Heat refuses stack creation to such tokens — as the sandbox's
 * Heat does, like many clouds ("Delegated tokens cannot manage trusts").
 */
import { expect, it } from 'vitest';
import type { PasswordAuth, ResolvedCloud } from '../../src/core/openstack/clouds-config/cloud-types';
import { chooseCredential } from '../../src/core/openstack/credential-choice';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { connectTo, sandboxCloud } from './openstack-sandbox';

describeWithSandbox('choosing what to keep after a password sign-in', (sandbox) => {
  it('keeps the password with the reason when Heat refuses the application credential, and deletes the credential it made', async () => {
    const state = sandbox();
    const cloud = sandboxCloud(state, 'learner2') as ResolvedCloud & { auth: PasswordAuth };
    expect(cloud.auth.type).toBe('password');
    const learner = await connectTo(state, 'learner2');
    try {
      const before = (await learner.applicationCredentials.list()).map((c) => c.id).sort();
      const choice = await chooseCredential(cloud, { appName: 'lc-it' });
      expect(choice.keep).toBe('password');
      if (choice.keep !== 'password') return;
      expect(choice.auth).toEqual(cloud.auth);
      expect(choice.reason).toMatch(/refuses to create stacks with an application credential \(Heat answered 403: .*trust/i);
      expect(choice.reason).toContain('user "learner2"');
      expect((await learner.applicationCredentials.list()).map((c) => c.id).sort()).toEqual(before);
      // No probe stack is left behind.
      expect((await learner.heat.listAll()).filter((s) => s.name.startsWith('lc-credential-probe-'))).toEqual([]);
    } finally {
      await learner.close();
    }
  });

  it('names the cloud and user when the password is wrong', async () => {
    const cloud = sandboxCloud(sandbox(), 'learner2') as ResolvedCloud & { auth: PasswordAuth };
    const error = await chooseCredential({ ...cloud, auth: { ...cloud.auth, password: 'not-the-password' } }).catch(
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/learner2/);
  });
});
