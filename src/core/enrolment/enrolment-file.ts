import { Enrolment } from '../../shared/cohort/enrolment';
import type { StoredCloud } from '../../shared/openstack/stored-cloud';

/** The enrolment file cannot be used as it stands: the message names the file and the field. */
export class EnrolmentFileError extends Error {
  readonly apiCode = 'invalid_input' as const;
  constructor(
    readonly file: string,
    readonly field: string | undefined,
    detail: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}${detail}`);
    this.name = 'EnrolmentFileError';
  }
}

/** Parses and checks an enrolment file's text (`lab-console cohort enrol` writes them). */
export function parseEnrolment(file: string, text: string): Enrolment {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EnrolmentFileError(file, undefined, `not an enrolment file: it is not JSON (${(error as Error).message})`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new EnrolmentFileError(file, undefined, 'not an enrolment file: expected a JSON object');
  const format = (json as { format?: unknown }).format;
  if (format !== 'lab-console-enrolment/1') {
    throw new EnrolmentFileError(
      file,
      'format',
      format === undefined
        ? 'missing: this is not a Lab Console enrolment file (expected "lab-console-enrolment/1")'
        : `"${String(format)}" is not a format this app reads (expected "lab-console-enrolment/1"); update Lab Console`,
    );
  }
  const parsed = Enrolment.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    throw new EnrolmentFileError(
      file,
      field || undefined,
      issue.code === 'invalid_type' && issue.input === undefined ? 'missing' : issue.message,
    );
  }
  return parsed.data;
}

/** Where an enrolled cloud's password lives in the SecretStore. */
export const enrolmentSecretKey = (cloud: string): string => `cloud/${cloud}/password`;

/** The cloud as the app keeps it in settings (no secret: that goes to the SecretStore). */
export function enrolmentCloud(enrolment: Enrolment): StoredCloud {
  const c = enrolment.cloud;
  return {
    name: c.name,
    authUrl: c.authUrl,
    authType: 'password',
    username: c.username,
    userDomainName: c.userDomainName,
    projectName: c.projectName,
    projectDomainName: c.projectDomainName,
    ...(c.region ? { regionName: c.region } : {}),
    ...(c.interface ? { interface: c.interface } : {}),
    secretKey: enrolmentSecretKey(c.name),
  };
}
