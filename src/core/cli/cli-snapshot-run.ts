import { runCli } from './cli-main';
import { processStreams, type CliStreams } from './cli-output';
import { startCloudCheckEarly } from './commands/cloud-check-head-start';
import { startCohortListingEarly } from './commands/cohort-head-start';

/**
 * One run of the CLI from its start-up snapshot (src/core/cli/cli-snapshot-entry.ts). A plain
 * `cloud check`, `cohort list` or `cohort export` sends its login first: the program (translator, commander, every
 * command's help texts) is built once the request is out, while Keystone answers, instead of before
 * it. The process exits once the run's output is flushed, so the run leaves its store and
 * connections to that exit (RunCliOptions.endsProcess).
 */
export async function runFromSnapshot(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  streams: CliStreams = processStreams,
): Promise<number> {
  const cloudCheckHeadStart = startCloudCheckEarly(argv, env, streams.stderr);
  const cohortHeadStart = startCohortListingEarly(argv, env, streams.stderr);
  await (cloudCheckHeadStart ?? cohortHeadStart)?.loginSent;
  return runCli(argv, { streams, env, cloudCheckHeadStart, cohortHeadStart, endsProcess: true });
}
