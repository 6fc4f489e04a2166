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

/** `cohort list` or `cohort export` with its login sent before the program is built (LoginHeadStart). */
export type CohortHeadStart = LoginHeadStart<StartedCohortLogin>;

/** The options every cohort listing takes (withCommonOptions in cohort.ts). */
const COMMON_OPTIONS = ['--course', '--cohort', '--projects', '--concurrency'];

/** The cohort commands that list the cohort and nothing before: their words, options, and the options they require. */
const LISTING_COMMANDS = [
  { words: ['cohort', 'list'], valueOptions: COMMON_OPTIONS, flags: ['--scores'], required: ['--course'] },
  { words: ['cohort', 'export'], valueOptions: [...COMMON_OPTIONS, '--csv'], flags: [], required: ['--course', '--csv'] },
];

/** The arguments of a plain `lab-console [options] cohort list|export [options]`; undefined for anything else. */
export function cohortListingArguments(argv: readonly string[]): HeadStartArguments | undefined {
  for (const command of LISTING_COMMANDS) {
    const args = headStartArguments(argv, command);
    // Without a required option the command is a usage error, which commander reports before any login.
    if (args) return command.required.every((option) => args.options[option] !== undefined) ? args : undefined;
  }
  return undefined;
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
 * Sends a cohort listing's login now when `argv` is a plain `cohort list` or `cohort export`; undefined otherwise. Its cloud
 * is the command's: --os-cloud, OS_CLOUD, LAB_CONSOLE_INSTRUCTOR_CLOUD, then Settings › Instructor.
 */
export function startCohortListingEarly(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  stderr: (text: string) => void,
): CohortHeadStart | undefined {
  const args = cohortListingArguments(argv);
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
