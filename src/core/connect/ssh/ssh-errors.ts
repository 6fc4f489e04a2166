import { UserFacingError } from '../../api/user-error';
import type { SshFailureKind } from '../../../shared/ssh';
import type { ApiErrorCode } from '../../../shared/contract';

/** Where a connection goes, for messages: `lab@127.0.0.1:2222`. */
export interface SshTarget {
  readonly host: string;
  readonly port: number;
  readonly username: string;
}

export const describeTarget = (t: SshTarget): string => `${t.username}@${t.host}:${t.port}`;

/** Every SSH failure says what happened to which host, and what the learner can do. */
export abstract class SshError extends UserFacingError {
  abstract readonly kind: SshFailureKind;

  constructor(
    apiCode: ApiErrorCode,
    readonly target: SshTarget,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(apiCode, message);
    this.name = new.target.name;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

export class SshRefusedError extends SshError {
  readonly kind = 'refused' as const;
  constructor(target: SshTarget, options?: { cause?: unknown }) {
    super(
      'network',
      target,
      `The lab at ${target.host}:${target.port} refused the SSH connection. The machine may still be booting or its SSH server is down: wait a minute and reconnect; if it persists, tell your instructor.`,
      options,
    );
  }
}

export class SshTimeoutError extends SshError {
  readonly kind = 'timeout' as const;
  constructor(
    target: SshTarget,
    readonly afterMs: number,
    options?: { cause?: unknown },
  ) {
    super(
      'network',
      target,
      `No SSH answer from ${target.host}:${target.port} within ${Math.round(afterMs / 1000)} s. The lab may be suspended or unreachable from this network (a firewall or VPN): check the lab's state and your connection, then reconnect.`,
      options,
    );
  }
}

export class SshAuthFailedError extends SshError {
  readonly kind = 'auth-failed' as const;
  constructor(
    target: SshTarget,
    /** The methods we offered: "publickey", "password". */
    readonly methods: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      'unauthorized',
      target,
      `The lab at ${target.host}:${target.port} refused the login of user "${target.username}" by ${methods.join(' and ') || 'any method'}. The lab's key or password (its stack outputs) may not match this machine: tell your instructor, or check the course's output mapping for the user name and key.`,
      options,
    );
  }
}

/** A pinned host (same lab stack) now presents another key: possibly a machine in the middle. */
export class HostKeyChangedError extends SshError {
  readonly kind = 'host-key-changed' as const;
  constructor(
    target: SshTarget,
    readonly stackId: string,
    readonly expectedFingerprint: string,
    readonly receivedFingerprint: string,
  ) {
    super(
      'conflict',
      target,
      `WARNING: the host key of ${target.host}:${target.port} has changed since it was first seen for this lab (stack ${stackId}). ` +
        `Expected ${expectedFingerprint}, received ${receivedFingerprint}. ` +
        'Someone could be intercepting the connection, so it was blocked: tell your instructor, and type no password into this lab meanwhile. If they rebuilt the machine on purpose, a new lab pins its new key (Reset in the app; `lab-console lab delete` then `lab launch` on the command line), which deletes the files in the old one.',
    );
  }
}

/** The key differs from the fingerprint the lab's template published. */
export class HostKeyMismatchError extends SshError {
  readonly kind = 'host-key-mismatch' as const;
  constructor(
    target: SshTarget,
    readonly expectedFingerprint: string,
    readonly receivedFingerprint: string,
  ) {
    super(
      'conflict',
      target,
      `WARNING: the host key of ${target.host}:${target.port} does not match the fingerprint the lab published. ` +
        `Expected ${expectedFingerprint}, received ${receivedFingerprint}. ` +
        'The connection was blocked because someone could be intercepting it: tell your instructor or the course author, and type no password into this lab meanwhile.',
    );
  }
}

export class SshDisconnectedError extends SshError {
  readonly kind = 'disconnected' as const;
  constructor(target: SshTarget, detail: string, options?: { cause?: unknown }) {
    super(
      'network',
      target,
      `The SSH connection to ${target.host}:${target.port} was lost (${detail}). The lab may have been suspended or the network dropped: reconnect, or resume the lab first.`,
      options,
    );
  }
}
