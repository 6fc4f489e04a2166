import type { VncFailureKind } from '../../../shared/vnc/vnc-session';

/** Every failure of a VNC session says what happened and what the learner can do about it. */
export class VncError extends Error {
  override readonly name = 'VncError';
  constructor(
    readonly kind: VncFailureKind,
    message: string,
    options?: { cause?: unknown; expectedSha256?: string; actualSha256?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
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
    return new VncError(
      'connection-refused',
      `Nothing accepts VNC connections on ${where(host, port)} (connection refused): the lab's desktop is not running yet, or the port is wrong.`,
      { cause: error },
    );
  return new VncError('connection-failed', `Could not reach the VNC server on ${where(host, port)}: ${error.code ?? error.message}.`, {
    cause: error,
  });
}
