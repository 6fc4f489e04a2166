import { randomBytes } from 'node:crypto';
import type { ApplicationCredentialAuth, PasswordAuth, ResolvedCloud } from './clouds-config/cloud-types';
import { HeatError } from './errors';
import { connect, type ConnectOptions, type OpenStackConnection } from './openstack-client';

/** What the app should keep for a cloud a learner signed in to with a password. */
export type CredentialChoice =
  | { readonly keep: 'application-credential'; readonly auth: ApplicationCredentialAuth; readonly credentialName: string }
  | { readonly keep: 'password'; readonly auth: PasswordAuth; readonly reason: string };

const PROBE_TEMPLATE = {
  heat_template_version: '2018-08-31',
  description: 'Lab Console checks that this credential may create stacks. It has no resources and is deleted at once.',
  resources: {},
};

/**
 * Trades a password for an application credential, so that the app need not keep the password —
 * but only where Heat accepts it. Heat creates a Keystone trust for every stack, and many clouds
 * refuse trusts to application-credential tokens ("Delegated tokens cannot manage trusts", 403),
 * even unrestricted ones. So the new credential must create (and delete) an empty probe stack
 * first; where Heat refuses, the credential is deleted again and the password is kept, with the
 * reason for the learner.
 */
export async function chooseCredential(
  cloud: ResolvedCloud & { readonly auth: PasswordAuth },
  options: ConnectOptions & { readonly appName?: string } = {},
): Promise<CredentialChoice> {
  const withPassword = await connect(cloud, options);
  try {
    const token = await withPassword.keystone.token();
    const credentialName = `${options.appName ?? 'lab-console'}-${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
    const credential = await withPassword.applicationCredentials.create({
      name: credentialName,
      description: 'Created by Lab Console to run labs without keeping your password.',
      unrestricted: true,
    });
    const auth: ApplicationCredentialAuth = {
      type: 'v3applicationcredential',
      authUrl: cloud.auth.authUrl,
      applicationCredentialId: credential.id,
      applicationCredentialSecret: credential.secret,
    };
    const refusal = await probeStackCreate({ ...cloud, auth }, options);
    if (!refusal) return { keep: 'application-credential', auth, credentialName };
    await withPassword.applicationCredentials.delete(credential.id);
    return {
      keep: 'password',
      auth: cloud.auth,
      reason:
        `Heat on "${cloud.name}" refuses to create stacks with an application credential (${refusal}), ` +
        `so Lab Console keeps the password of user "${token.user.name}" in its secret store instead. ` +
        'Ask the cloud operators to allow trusts for application credentials to avoid this.',
    };
  } finally {
    await withPassword.close();
  }
}

/** Creates and deletes an empty stack; returns Heat's refusal (403), or undefined when it was accepted. */
async function probeStackCreate(cloud: ResolvedCloud, options: ConnectOptions): Promise<string | undefined> {
  let connection: OpenStackConnection | undefined;
  try {
    connection = await connect(cloud, options);
    const probe = await connection.heat.create({
      name: `lc-credential-probe-${randomBytes(4).toString('hex')}`,
      template: PROBE_TEMPLATE,
      timeoutMins: 5,
    });
    await connection.heat.delete(probe);
    return undefined;
  } catch (error) {
    if (error instanceof HeatError && error.status === 403) return `Heat answered 403: ${error.explanation || error.title}`;
    throw error;
  } finally {
    await connection?.close();
  }
}
