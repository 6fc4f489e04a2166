import { UserFacingError } from '../../api/user-error';
import type { SshFailureKind } from '../../../shared/ssh';
import type { ApiErrorCode } from '../../../shared/contract';
import type { MessageParam, MessageRef } from '../../../shared/i18n/message';

/** Where a connection goes, for messages: `lab@127.0.0.1:2222`. */
export interface SshTarget {
  readonly host: string;
  readonly port: number;
  readonly username: string;
}

export const describeTarget = (t: SshTarget): string => `${t.username}@${t.host}:${t.port}`;

/** "publickey and password", with the reader's "and". */
const methodList = (methods: readonly string[]): MessageParam =>
  methods.slice(1).reduce<MessageParam>((list, method) => ({ key: 'ssh.methodsAnd', params: { list, method } }), methods[0] ?? '');

/** Every SSH failure says what happened to which host, and what the learner can do. */
export abstract class SshError extends UserFacingError {
  /** Its class's name, spelt out: the CLI's start-up snapshot is minified, which renames classes. */
  abstract override readonly name: string;
  abstract readonly kind: SshFailureKind;

  constructor(
    apiCode: ApiErrorCode,
    readonly target: SshTarget,
    message: string | MessageRef,
    options?: { cause?: unknown },
  ) {
    super(apiCode, message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

export class SshRefusedError extends SshError {
  override readonly name: string = 'SshRefusedError';
  readonly kind = 'refused' as const;
  constructor(target: SshTarget, options?: { cause?: unknown }) {
    super('network', target, { key: 'ssh.refused', params: { host: target.host, port: target.port } }, options);
  }
}

export class SshTimeoutError extends SshError {
  override readonly name: string = 'SshTimeoutError';
  readonly kind = 'timeout' as const;
  constructor(
    target: SshTarget,
    readonly afterMs: number,
    options?: { cause?: unknown },
  ) {
    super(
      'network',
      target,
      { key: 'ssh.timeout', params: { host: target.host, port: target.port, seconds: Math.round(afterMs / 1000) } },
      options,
    );
  }
}

export class SshAuthFailedError extends SshError {
  override readonly name: string = 'SshAuthFailedError';
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
      methods.length
        ? { key: 'ssh.authFailed', params: { host: target.host, port: target.port, user: target.username, methods: methodList(methods) } }
        : { key: 'ssh.authFailedAnyMethod', params: { host: target.host, port: target.port, user: target.username } },
      options,
    );
  }
}

/** A pinned host (same lab stack) now presents another key: possibly a machine in the middle. */
export class HostKeyChangedError extends SshError {
  override readonly name: string = 'HostKeyChangedError';
  readonly kind = 'host-key-changed' as const;
  constructor(
    target: SshTarget,
    readonly stackId: string,
    readonly expectedFingerprint: string,
    readonly receivedFingerprint: string,
  ) {
    super('conflict', target, {
      key: 'ssh.hostKeyChanged',
      params: { host: target.host, port: target.port, stackId, expected: expectedFingerprint, received: receivedFingerprint },
    });
  }
}

/** The key differs from the fingerprint the lab's template published. */
export class HostKeyMismatchError extends SshError {
  override readonly name: string = 'HostKeyMismatchError';
  readonly kind = 'host-key-mismatch' as const;
  constructor(
    target: SshTarget,
    readonly expectedFingerprint: string,
    readonly receivedFingerprint: string,
  ) {
    super('conflict', target, {
      key: 'ssh.hostKeyMismatch',
      params: { host: target.host, port: target.port, expected: expectedFingerprint, received: receivedFingerprint },
    });
  }
}

export class SshDisconnectedError extends SshError {
  override readonly name: string = 'SshDisconnectedError';
  readonly kind = 'disconnected' as const;
  constructor(target: SshTarget, detail: string, options?: { cause?: unknown }) {
    super('network', target, { key: 'ssh.disconnected', params: { host: target.host, port: target.port, detail } }, options);
  }
}
