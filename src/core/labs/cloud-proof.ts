import { cloudProblemJobKind } from '../../shared/openstack';
import { PermanentJobError } from '../jobs/job-errors';
import { englishMessage, type MessageRef } from '../../shared/i18n/message';
import { UserFacingError } from '../api/user-error';
import {
  AuthFailedError,
  CloudConfigError,
  CloudSecretUnavailableError,
  HeatError,
  NetworkError,
  StackActionFailedError,
  TlsError,
  UnexpectedResponseError,
} from '../openstack/errors';
import type { OpenStackConnection } from '../openstack/openstack-client';

/** What the learner asked for, to say what did not happen. */
export type LabAction = 'launch' | 'resume' | 'suspend' | 'delete' | 'reset';

/** What did not happen, nested into each cloud fault's sentence. */
const untouched = (action: LabAction): MessageRef => ({ key: `untouched.${action}` });

/**
 * The cloud refused the credentials Lab Console has for it (Keystone would not log in, or Heat
 * refused a fresh token). Retrying cannot help: the learner fixes the credentials.
 */
export class CloudCredentialsRefusedError extends PermanentJobError {
  readonly apiCode = 'credentials_refused';
  readonly localized: MessageRef;
  constructor(
    readonly cloud: string,
    readonly action: LabAction,
    /** The cloud's own words (Keystone's message and HTTP status). */
    readonly detail: string,
  ) {
    const localized: MessageRef = { key: 'cloud.credentialsRefused', params: { cloud, untouched: untouched(action) } };
    super(englishMessage(localized), cloudProblemJobKind('credentials'));
    this.localized = localized;
    this.name = 'CloudCredentialsRefusedError';
  }
}

/**
 * Keystone or Heat did not answer, or answered with an error of its own (5xx): the cloud's trouble,
 * not the learner's. A job retries it; a Reset asked for now is refused with nothing deleted.
 */
export class CloudUnreachableError extends Error {
  readonly apiCode = 'cloud_unreachable';
  readonly kind = cloudProblemJobKind('unreachable');
  readonly localized: MessageRef;
  constructor(
    readonly cloud: string,
    readonly action: LabAction,
    readonly detail: string,
  ) {
    const localized: MessageRef = { key: 'cloud.unreachable', params: { cloud, untouched: untouched(action) } };
    super(englishMessage(localized));
    this.localized = localized;
    this.name = 'CloudUnreachableError';
  }
}

const firstLine = (text: string): string => text.split('\n')[0] ?? text;

/** The learner's reading of a client error met while acting on `cloud`; undefined when it is neither kind. */
export function cloudTrouble(
  error: unknown,
  cloud: string,
  action: LabAction,
): CloudCredentialsRefusedError | CloudUnreachableError | undefined {
  if (error instanceof CloudCredentialsRefusedError || error instanceof CloudUnreachableError) return error;
  if (error instanceof AuthFailedError) return new CloudCredentialsRefusedError(cloud, action, firstLine(error.message));
  // A stack that ended FAILED is Heat's answer about the stack, not about the cloud.
  if (error instanceof StackActionFailedError) return undefined;
  if (error instanceof HeatError && (error.status === 401 || error.status === 403))
    return new CloudCredentialsRefusedError(cloud, action, firstLine(error.message));
  if (error instanceof NetworkError || error instanceof TlsError) return new CloudUnreachableError(cloud, action, firstLine(error.message));
  if ((error instanceof HeatError || error instanceof UnexpectedResponseError) && error.status >= 500)
    return new CloudUnreachableError(cloud, action, firstLine(error.message));
  return undefined;
}

/**
 * Proves the cloud can be acted on before anything is destroyed: Keystone logs in and Heat answers
 * a stack list with that token. Bounded: a cloud that does not answer within `timeoutMs` counts as
 * unreachable.
 */
export async function proveCloud(conn: OpenStackConnection, action: LabAction, options: { timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = AbortSignal.timeout(timeoutMs);
  const late = new Promise<never>((_, reject) =>
    deadline.addEventListener(
      'abort',
      () => reject(new CloudUnreachableError(conn.cloud.name, action, `no answer within ${Math.round(timeoutMs / 1000)} s`)),
      { once: true },
    ),
  );
  late.catch(() => undefined);
  try {
    await Promise.race([
      (async () => {
        await conn.keystone.token();
        await conn.heat.list({ limit: 1 }, deadline);
      })(),
      late,
    ]);
  } catch (error) {
    throw cloudTrouble(error, conn.cloud.name, action) ?? error;
  }
}

/**
 * Before an action that deletes the learner's work, proves every cloud it acts on: each connects
 * (its configuration and secret are usable), Keystone logs in and Heat answers. Throws
 * CloudCredentialsRefusedError, CloudUnreachableError or a refusal naming the unusable cloud, with
 * nothing queued and nothing deleted.
 */
export async function proveClouds(
  names: Iterable<string>,
  connection: (name: string) => Promise<OpenStackConnection>,
  action: LabAction,
): Promise<void> {
  for (const name of names) {
    let conn: OpenStackConnection;
    try {
      conn = await connection(name);
    } catch (error) {
      if (error instanceof CloudConfigError || error instanceof CloudSecretUnavailableError)
        throw new UserFacingError('credentials_refused', {
          key: 'cloud.unusable',
          params: { cloud: name, problem: firstLine(error.message), untouched: untouched(action) },
        });
      throw error;
    }
    await proveCloud(conn, action);
  }
}
