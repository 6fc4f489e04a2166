import { resolveHome } from '../../store/home';
import { startCloudCheck, type StartedCloudCheck } from './cloud-check-start';
import { headStartArguments, type HeadStartArguments } from './head-start-arguments';
import { startLoginEarly, type LoginHeadStart } from './login-head-start';

/** `cloud check` with its login sent before the program is built (LoginHeadStart). */
export type CloudCheckHeadStart = LoginHeadStart<StartedCloudCheck>;

/** The arguments of a plain `lab-console [options] cloud check [options]`; undefined for anything else. */
export function cloudCheckArguments(argv: readonly string[]): HeadStartArguments | undefined {
  return headStartArguments(argv, { words: ['cloud', 'check'], valueOptions: ['--os-region-name'], flags: [] });
}

/** Sends `cloud check`'s login now when `argv` is a plain `cloud check`; undefined otherwise. */
export function startCloudCheckEarly(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  stderr: (text: string) => void,
): CloudCheckHeadStart | undefined {
  const args = cloudCheckArguments(argv);
  if (!args) return undefined;
  return startLoginEarly(
    {
      homeDir: resolveHome(args.home, env),
      regionName: args.options['--os-region-name'],
      verbose: args.verbose,
      cloudName: () => args.cloud ?? env.OS_CLOUD,
      start: startCloudCheck,
      answered: (check) => check.checking,
    },
    env,
    stderr,
  );
}
