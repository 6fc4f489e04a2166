import type { Logger } from '../../log/logger';
import type { LabConnectionTarget } from '../connection-target';
import type { HostKeyPins } from './host-key-pins';
import type { HostKeyPolicy } from './host-key-policy';
import type { SshConnectOptions } from './ssh-session';

/**
 * Host keys as the learner's terminal trusts them, for every way into a lab: a published
 * fingerprint strictly, else trust on first use pinned per stack and connection; a jump host is
 * pinned as `<connection>-jump`.
 */
function policyFor(fingerprint: string | undefined, stackId: string, connection: string, pins: HostKeyPins): HostKeyPolicy {
  return fingerprint ? { kind: 'expected', fingerprint } : { kind: 'pinned', pins, stackId, connection };
}

/** How to log in to one connection of a lab (through its jump host, if it has one). */
export function sshOptionsFor(
  target: LabConnectionTarget,
  connection: string,
  pins: HostKeyPins,
  extra: { readonly logger?: Logger; readonly readyTimeoutMs?: number } = {},
): SshConnectOptions {
  const { jump } = target;
  return {
    host: target.host,
    port: target.port,
    username: target.user,
    auth: { privateKey: target.privateKey, passphrase: target.passphrase, password: target.password },
    hostKey: policyFor(target.hostKeyFingerprint, target.stackId, connection, pins),
    jump: jump
      ? {
          host: jump.host,
          port: jump.port,
          username: jump.user,
          auth: { privateKey: jump.privateKey, passphrase: jump.passphrase, password: jump.password },
          hostKey: policyFor(jump.hostKeyFingerprint, target.stackId, `${connection}-jump`, pins),
        }
      : undefined,
    ...(extra.readyTimeoutMs !== undefined ? { readyTimeoutMs: extra.readyTimeoutMs } : {}),
    ...(extra.logger ? { logger: extra.logger } : {}),
  };
}
