import type { CloudProblemKind } from '../../../shared/openstack/cloud-health';
import type { StoredCloud } from '../../../shared/openstack/stored-cloud';
import type { Logger } from '../../log/logger';
import type { Clock } from '../../time/clock';
import { checkCloud } from '../check-cloud';
import { OpenStackError } from '../errors';
import { connect } from '../openstack-client';
import { CloudCheckFailedError, cloudCheckError } from './cloud-check-error';
import { resolveStoredCloud } from './cloud-registry';
import type { ResolvedCloud } from './cloud-types';

/** Signs in to a cloud about to be kept and asks its Heat; throws what the learner must fix. */
export type CloudTrial = (cloud: ResolvedCloud) => Promise<void>;

/** The trial the app runs: what `lab-console cloud check` does, with one retry at most (the learner waits). */
export function cloudTrial(options: { clock?: Clock; logger?: Logger; env?: NodeJS.ProcessEnv } = {}): CloudTrial {
  return async (cloud) => {
    const connection = await connect(cloud, { clock: options.clock, logger: options.logger, env: options.env, retry: { maxAttempts: 2 } });
    try {
      const result = await checkCloud(connection, options.clock);
      if (!result.heatReachable) {
        throw new CloudCheckFailedError(
          cloud.name,
          'network',
          `Cloud "${cloud.name}": signed in as ${result.user}, but its Heat cannot be reached: ${result.heatProblem ?? 'unknown problem'}`,
        );
      }
    } finally {
      await connection.close().catch(() => undefined);
    }
  };
}

/** A cloud that did not pass its trial: why, in the client's words, and the kind of trouble. */
export interface CloudTrialFailure {
  readonly name: string;
  readonly problem: CloudProblemKind | null;
  readonly message: string;
}

/** Runs the trial on a cloud not saved yet (its secret given apart); the failure as the learner reads it. */
export async function tryUnsaved(
  trial: CloudTrial,
  name: string,
  cloud: Omit<StoredCloud, 'secretKey'>,
  secret: string,
): Promise<CloudTrialFailure | undefined> {
  try {
    await trial(resolveStoredCloud({ ...cloud, secretKey: 'not-stored-yet' }, secret));
    return undefined;
  } catch (error) {
    const failed = cloudCheckError(name, error);
    const cause = failed.cause ?? error;
    const problem =
      cause instanceof OpenStackError
        ? (cause.cloudProblem ?? null)
        : failed instanceof CloudCheckFailedError && failed.apiCode === 'network'
          ? 'unreachable'
          : null;
    return { name, problem, message: failed.message };
  }
}
