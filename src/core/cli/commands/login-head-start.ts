import type { CliServices } from '../cli-run-context';
import { dataFolderServices } from '../cli-services';
import type { ResolvedCloud } from '../../openstack/clouds-config/cloud-types';
import type { OpenStackConnection } from '../../openstack/openstack-client';
import { requestSent } from '../../openstack/requests-sent';
import type { Logger } from '../../log/logger';
import { resolveCheckedCloud, type CloudCheckInputs } from './cloud-check-start';

/** What a head start began on its cloud: the connection its command takes over. */
export interface StartedLogin {
  readonly connection: OpenStackConnection;
}

/**
 * A command's login sent before the program is built. Building the translator, commander's program
 * and parsing the arguments take tens of ms of CPU that the login does not depend on; the process is
 * idle while Keystone answers. So the CLI's start-up snapshot reads the arguments of a plain command
 * itself, resolves its cloud and sends the login first, and the command, once commander has parsed
 * the same arguments, takes over what is in flight when it asks for the same cloud from the same data
 * folder (`matches`); otherwise it is dropped and the command runs as without it. A broken clouds.yaml
 * or an unknown cloud is the same error either way: `started` rejects with the command's own error.
 */
export interface LoginHeadStart<Started extends StartedLogin> {
  readonly inputs: CloudCheckInputs;
  /** The data folder's services it opened: the run's, when the command takes the head start over. */
  readonly services: CliServices;
  readonly started: Promise<Started>;
  /** Settles once the requests the head start sent have their answers (or could not be sent). */
  readonly answered: Promise<unknown>;
  /**
   * Resolves once the login has been written (`requestSent`) or the head start failed: what the program
   * waits for before it is built, so that building it does not hold the request back.
   */
  readonly loginSent: Promise<void>;
}

/** Whether the command reads the data folder the head start opened, with the same log echo. */
export function sameDataFolder(headStart: LoginHeadStart<StartedLogin>, homeDir: string, verbose: boolean): boolean {
  return headStart.inputs.homeDir === homeDir && headStart.inputs.verbose === verbose;
}

/** Whether the command's inputs are the ones the head start used. */
export function matches(headStart: LoginHeadStart<StartedLogin>, inputs: CloudCheckInputs): boolean {
  const a = headStart.inputs;
  return (
    sameDataFolder(headStart, inputs.homeDir, inputs.verbose) && a.cloudName === inputs.cloudName && a.regionName === inputs.regionName
  );
}

/** Closes a head start the command did not take over (its requests still end first: nothing is left open). */
export async function drop(headStart: LoginHeadStart<StartedLogin>): Promise<void> {
  const started = await headStart.started.catch(() => undefined);
  if (!started) return;
  await headStart.answered.catch(() => undefined);
  await started.connection.close();
}

/** How a command's head start finds its cloud and what it sends. */
export interface LoginStart<Started extends StartedLogin> {
  readonly homeDir: string;
  readonly regionName: string | undefined;
  readonly verbose: boolean;
  /** The cloud the command would use, read once the data folder is open (its settings may name it). */
  cloudName(services: CliServices): string | undefined;
  /** Connects and sends the login: it is on its way when this resolves. */
  start(cloud: ResolvedCloud, logger: Logger): Promise<Started>;
  /** Settles once what `start` sent has its answers. */
  answered(started: Started): Promise<unknown>;
}

/**
 * Opens the data folder, resolves the cloud and begins `how.start` on it. The head start's own
 * failures are the command's to report: they are held, not thrown. Undefined when the data folder
 * cannot be opened (the command meets the same error and reports it).
 */
export function startLoginEarly<Started extends StartedLogin>(
  how: LoginStart<Started>,
  env: NodeJS.ProcessEnv,
  stderr: (text: string) => void,
): LoginHeadStart<Started> | undefined {
  let services: CliServices;
  let inputs: CloudCheckInputs;
  try {
    services = dataFolderServices(how.homeDir, how.verbose ? (line) => stderr(`${line}\n`) : undefined);
    inputs = { homeDir: how.homeDir, cloudName: how.cloudName(services), regionName: how.regionName, verbose: how.verbose };
  } catch {
    return undefined;
  }
  const started = resolveCheckedCloud(env, services, inputs).then((cloud) => how.start(cloud, services.logger));
  const answered = started.then((s) => how.answered(s));
  // Held for the command, which awaits them (or drops them): never an unhandled rejection meanwhile.
  started.catch(() => undefined);
  answered.catch(() => undefined);
  return { inputs, services, started, answered, loginSent: requestSent(answered) };
}
