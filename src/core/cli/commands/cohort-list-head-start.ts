import { instructorCloudName } from '../../cohort/instructor-cloud-name';
import type { Token } from '../../openstack/keystone/keystone-session';
import type { ResolvedCloud } from '../../openstack/clouds-config/cloud-types';
import type { Logger } from '../../log/logger';
import { resolveHome } from '../../store/home';
import { headStartArguments, type HeadStartArguments } from './head-start-arguments';
import { startLoginEarly, type LoginHeadStart, type StartedLogin } from './login-head-start';

/** A cohort command's connection with its Keystone login in flight. */
export interface StartedCohortLogin extends StartedLogin {
  readonly login: Promise<Token>;
}

/** `cohort list` with its login sent before the program is built (LoginHeadStart). */
export type CohortHeadStart = LoginHeadStart<StartedCohortLogin>;

/** The arguments of a plain `lab-console [options] cohort list [options]`; undefined for anything else. */
export function cohortListArguments(argv: readonly string[]): HeadStartArguments | undefined {
  const args = headStartArguments(argv, {
    words: ['cohort', 'list'],
    valueOptions: ['--course', '--cohort', '--projects', '--concurrency'],
    flags: ['--scores'],
  });
  // Without its course the command is a usage error, which commander reports before any login.
  return args?.options['--course'] === undefined ? undefined : args;
}

/** Connects to `cloud` and asks Keystone for the token every cohort request needs first. */
async function startCohortLogin(cloud: ResolvedCloud, logger: Logger): Promise<StartedCohortLogin> {
  const { connect } = await import('../../openstack/openstack-client');
  const connection = await connect(cloud, { logger });
  const login = connection.keystone.token();
  // Awaited by the command (or dropped with the connection): never an unhandled rejection meanwhile.
  login.catch(() => undefined);
  return { connection, login };
}

/**
 * Sends `cohort list`'s login now when `argv` is a plain `cohort list`; undefined otherwise. Its cloud
 * is the command's: --os-cloud, OS_CLOUD, LAB_CONSOLE_INSTRUCTOR_CLOUD, then Settings › Instructor.
 */
export function startCohortListEarly(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  stderr: (text: string) => void,
): CohortHeadStart | undefined {
  const args = cohortListArguments(argv);
  if (!args) return undefined;
  return startLoginEarly(
    {
      homeDir: resolveHome(args.home, env),
      regionName: undefined,
      verbose: args.verbose,
      cloudName: (services) => args.cloud ?? env.OS_CLOUD ?? instructorCloudName(services.settings.get().instructor, env),
      start: startCohortLogin,
      answered: (started) => started.login,
    },
    env,
    stderr,
  );
}
