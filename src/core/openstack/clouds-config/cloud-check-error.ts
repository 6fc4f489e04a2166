import type { ApiErrorCode } from '../../../shared/contract/errors';
import { AuthFailedError, CloudConfigError, CloudSecretUnavailableError, NetworkError, OpenStackError, TlsError } from '../errors';

/** A cloud check that failed: names the cloud, keeps the client's message and hint (what to fix). */
export class CloudCheckFailedError extends Error {
  constructor(
    readonly cloud: string,
    readonly apiCode: ApiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CloudCheckFailedError';
  }
}

function codeOf(error: unknown): ApiErrorCode {
  if (error instanceof AuthFailedError) return 'unauthorized';
  if (error instanceof NetworkError || error instanceof TlsError) return 'network';
  if (error instanceof CloudConfigError || error instanceof CloudSecretUnavailableError) return 'invalid_input';
  return 'cloud_error';
}

/** What the user sees when checking `cloud` failed: the typed client error, said about that cloud. */
export function cloudCheckError(cloud: string, error: unknown): Error {
  if (error instanceof CloudCheckFailedError) return error;
  if (!(error instanceof OpenStackError)) {
    const detail = error instanceof Error ? error.message : String(error);
    return new CloudCheckFailedError(cloud, 'cloud_error', `Checking cloud "${cloud}" failed: ${detail}`, { cause: error });
  }
  const message = error.message.includes(`"${cloud}"`) ? error.message : `Cloud "${cloud}": ${error.message}`;
  return new CloudCheckFailedError(cloud, codeOf(error), message, { cause: error });
}
