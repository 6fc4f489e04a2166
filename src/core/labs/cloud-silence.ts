import type { CloudSilence } from '../../shared/labs';
import { CloudConfigError, CloudSecretUnavailableError, HeatError, UnexpectedResponseError } from '../openstack/errors';
import { CloudCredentialsRefusedError, cloudTrouble } from './cloud-proof';

const firstLine = (text: string): string => text.split('\n')[0] ?? text;

/** Why a look at the cloud failed, in the kinds a learner acts on, with the technical reason apart. */
export function cloudSilenceOf(error: unknown): Omit<CloudSilence, 'at'> {
  const detail = firstLine(error instanceof Error ? error.message : String(error));
  // A cloud Lab Console cannot log in to as configured: the fix is in its credentials.
  if (error instanceof CloudConfigError || error instanceof CloudSecretUnavailableError) return { problem: 'credentials_refused', detail };
  if ((error instanceof HeatError || error instanceof UnexpectedResponseError) && error.status >= 500)
    return { problem: 'cloud_failing', detail };
  const trouble = cloudTrouble(error, '', 'suspend');
  if (trouble instanceof CloudCredentialsRefusedError) return { problem: 'credentials_refused', detail: trouble.detail };
  return { problem: 'unreachable', detail: trouble?.detail ?? detail };
}
