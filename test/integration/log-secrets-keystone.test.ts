/**
 * Logs against the sandbox's Keystone: a login's password, application-credential secret and the
 * tokens Keystone mints never reach a log line, whatever key they are logged under.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RotatingFileLog } from '../../src/core/log/file-logger';
import type { OpenStackConnection } from '../../src/core/openstack/openstack-client';
import { connect } from '../../src/core/openstack/openstack-client';
import type { SandboxState } from '../sandbox/state';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';
import { testFolder } from '../support/temp-home';
import { sandboxCloud } from './openstack-sandbox';

describeWithSandbox('secrets of a Keystone login stay out of the logs', (sandbox) => {
  let state: SandboxState;
  const opened: OpenStackConnection[] = [];

  beforeAll(() => {
    state = sandbox();
  });
  afterAll(async () => {
    for (const c of opened) await c.close();
  });

  it('masks the password, the application-credential secret and the tokens by their values', async () => {
    const passwordCloud = sandboxCloud(state, 'learner1');
    const appCredCloud = sandboxCloud(state, 'learner1-appcred');
    if (passwordCloud.auth.type !== 'password' || appCredCloud.auth.type !== 'v3applicationcredential')
      throw new Error('sandbox clouds changed');
    const secrets = [passwordCloud.auth.password, appCredCloud.auth.applicationCredentialSecret];
    for (const cloud of [passwordCloud, appCredCloud]) {
      const connection = await connect(cloud);
      opened.push(connection);
      secrets.push((await connection.keystone.token()).value);
    }

    const dir = testFolder('lc-log-');
    const logger = new RotatingFileLog({ dir, name: 'cli' }).logger();
    for (const secret of secrets) {
      logger.warn(`request failed: ${secret}`, {
        note: `value ${secret}`,
        list: [{ deep: [secret] }],
        error: new Error(`refused ${secret}`),
      });
    }
    const text = readFileSync(join(dir, 'cli.log'), 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(4);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
