import { englishMessage, type MessageRef } from '../../../shared/i18n/message';
import type { VncFailureKind } from '../../../shared/vnc/vnc-session';

/**
 * Every failure of a VNC session says what happened and what the learner can do about it. Given a
 * message of the catalogue, its key travels with the session status, for the reader's language.
 */
export class VncError extends Error {
  override readonly name = 'VncError';
  /** The catalogue message this error's text was made from, if any. */
  readonly localized: MessageRef | undefined;
  constructor(
    readonly kind: VncFailureKind,
    message: string | MessageRef,
    options?: { cause?: unknown; expectedSha256?: string; actualSha256?: string },
  ) {
    super(
      typeof message === 'string' ? message : englishMessage(message),
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.localized = typeof message === 'string' ? undefined : message;
    this.expectedSha256 = options?.expectedSha256;
    this.actualSha256 = options?.actualSha256;
  }

  readonly expectedSha256: string | undefined;
  readonly actualSha256: string | undefined;
}

export const where = (host: string, port: number): string => `${host}:${port}`;

/** A socket error before the handshake: the port is closed (the lab is starting), or the network. */
export function connectError(host: string, port: number, error: NodeJS.ErrnoException): VncError {
  if (error.code === 'ECONNREFUSED')
    return new VncError('connection-refused', { key: 'vnc.refused', params: { host, port } }, { cause: error });
  return new VncError(
    'connection-failed',
    { key: 'vnc.unreachable', params: { host, port, detail: error.code ?? error.message } },
    { cause: error },
  );
}
