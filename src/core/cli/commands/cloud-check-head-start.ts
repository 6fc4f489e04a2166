import type { CliServices } from '../cli-run-context';
import { dataFolderServices } from '../cli-services';
import { resolveHome } from '../../store/home';
import { requestSent } from '../../openstack/requests-sent';
import { resolveCheckedCloud, startCloudCheck, type CloudCheckInputs, type StartedCloudCheck } from './cloud-check-start';

/**
 * `cloud check` with its login sent before the program is built. Building the translator, commander's
 * program and parsing the arguments take tens of ms of CPU that the login does not depend on; the
 * process is idle while Keystone answers. So the CLI's start-up snapshot reads the arguments of a
 * plain `cloud check` itself, resolves the cloud and sends the login first, and the command, once
 * commander has parsed the same arguments, takes over the check in flight when it asks for the
 * same cloud from the same data folder (`matches`); otherwise it is dropped and the command runs as
 * without it. A broken clouds.yaml or an unknown cloud is the same error either way, from the command.
 */
export interface CloudCheckHeadStart {
  readonly inputs: CloudCheckInputs;
  /** The data folder's services it opened: the run's, when the command takes the check over. */
  readonly services: CliServices;
  readonly started: Promise<StartedCloudCheck>;
  /**
   * Resolves once the login has been written (`requestSent`) or the head start failed: what the program
   * waits for before it is built, so that building it does not hold the request back.
   */
  readonly loginSent: Promise<void>;
}

/** Whether the command's inputs are the ones the head start checked. */
export function matches(headStart: CloudCheckHeadStart, inputs: CloudCheckInputs): boolean {
  const a = headStart.inputs;
  return (
    a.homeDir === inputs.homeDir && a.cloudName === inputs.cloudName && a.regionName === inputs.regionName && a.verbose === inputs.verbose
  );
}

/** Closes a head start the command did not take over (its check still ends first: nothing is left open). */
export async function drop(headStart: CloudCheckHeadStart): Promise<void> {
  const started = await headStart.started.catch(() => undefined);
  if (!started) return;
  await started.checking.catch(() => undefined);
  await started.connection.close();
}

interface CheckArguments {
  home?: string;
  globalCloud?: string;
  commandCloud?: string;
  regionName?: string;
  verbose: boolean;
}

/** The options of `cloud check` and the global ones that take a value, with the field each sets. */
const VALUE_OPTIONS = new Map<string, 'home' | 'cloud' | 'regionName'>([
  ['--home', 'home'],
  ['--os-cloud', 'cloud'],
  ['--os-region-name', 'regionName'],
]);
const FLAGS = new Set(['--json', '-v', '--verbose']);

/**
 * The inputs of `lab-console [options] cloud check [options]` when the arguments are only that (an
 * option given as `--name value` or `--name=value`); undefined for anything else (help, another
 * command, an unknown option or word), which commander alone then reads.
 */
export function cloudCheckArguments(argv: readonly string[]): CheckArguments | undefined {
  const found: CheckArguments = { verbose: false };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (FLAGS.has(arg)) {
      if (arg !== '--json') found.verbose = true;
      continue;
    }
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg];
    const field = VALUE_OPTIONS.get(name!);
    if (field) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('-')) return undefined;
      // commander gives --os-cloud after `check` to the command (which wins) and before it to the program.
      if (field === 'cloud') {
        if (words.length === 2) found.commandCloud = value;
        else found.globalCloud = value;
      } else if (field === 'regionName' && words.length < 2) return undefined;
      else found[field] = value;
      continue;
    }
    if (arg.startsWith('-')) return undefined;
    words.push(arg);
  }
  return words.length === 2 && words[0] === 'cloud' && words[1] === 'check' ? found : undefined;
}

/**
 * Sends `cloud check`'s login now when `argv` is a plain `cloud check`; undefined otherwise.
 * The head start's own failures are the command's to report: they are held, not thrown.
 */
export function startCloudCheckEarly(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  stderr: (text: string) => void,
): CloudCheckHeadStart | undefined {
  const args = cloudCheckArguments(argv);
  if (!args) return undefined;
  const inputs: CloudCheckInputs = {
    homeDir: resolveHome(args.home, env),
    cloudName: args.commandCloud ?? args.globalCloud ?? env.OS_CLOUD,
    regionName: args.regionName,
    verbose: args.verbose,
  };
  let services: CliServices;
  try {
    services = dataFolderServices(inputs.homeDir, inputs.verbose ? (line) => stderr(`${line}\n`) : undefined);
  } catch {
    // A data folder that cannot be opened: the command meets the same error and reports it.
    return undefined;
  }
  const started = resolveCheckedCloud(env, services, inputs).then((cloud) => startCloudCheck(cloud, services.logger));
  // Held for the command, which awaits it (or drops it): never an unhandled rejection meanwhile.
  started.catch(() => undefined);
  return { inputs, services, started, loginSent: requestSent(started.then((check) => check.checking)) };
}
