import { cloudProblemJobKind, type CloudProblemKind } from '../../shared/openstack/cloud-health';

/**
 * Typed errors of the OpenStack client. Each message tells the user what to fix:
 * the file and field of a bad clouds.yaml, the cloud and user of a failed login,
 * Heat's own explanation and the stack's status_reason.
 */
export abstract class OpenStackError extends Error {
  /** Its class's name, spelt out: the CLI's start-up snapshot is minified, which renames classes. */
  abstract override readonly name: string;
  /** A short hint on what the user can do, printed after the message. */
  readonly hint: string | undefined;

  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(hint ? `${message}\n${hint}` : message, options);
    this.hint = hint;
  }

  /**
   * The trouble with the cloud this error proves, if any: the one classification of the client's
   * failures that the app's health record, the lab header and the job's stored kind all use.
   */
  get cloudProblem(): CloudProblemKind | undefined {
    return undefined;
  }

  /** A job failing with this error stores this kind ("cloud-unreachable", …). */
  get kind(): string | undefined {
    const problem = this.cloudProblem;
    return problem && cloudProblemJobKind(problem);
  }
}

/** A clouds.yaml / secure.yaml / environment problem; names the file, field and line. */
export class CloudConfigError extends OpenStackError {
  override readonly name: string = 'CloudConfigError';
  constructor(
    readonly problem: string,
    readonly location: { file?: string; field?: string; line?: number } = {},
    hint?: string,
  ) {
    super(CloudConfigError.describe(problem, location), hint);
  }

  private static describe(problem: string, loc: { file?: string; field?: string; line?: number }): string {
    const where = [loc.file ? (loc.line ? `${loc.file}:${loc.line}` : loc.file) : undefined, loc.field].filter(Boolean).join(', field ');
    return where ? `${where}: ${problem}` : problem;
  }
}

/** The secret of a cloud added in the app cannot be read by this process. */
export class CloudSecretUnavailableError extends OpenStackError {
  override readonly name: string = 'CloudSecretUnavailableError';
  constructor(
    readonly cloud: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The secret of cloud "${cloud}" cannot be read here: ${reason}`,
      'It was saved by the desktop app into its keyring. Run this in the app, or add the cloud again here (or use a clouds.yaml).',
      options,
    );
  }

  override get cloudProblem(): CloudProblemKind {
    return 'credentials';
  }
}

/** Keystone refused the credentials. */
export class AuthFailedError extends OpenStackError {
  override readonly name: string = 'AuthFailedError';
  constructor(
    readonly cloud: string,
    readonly user: string,
    readonly keystoneMessage: string,
    readonly status: number,
    hint?: string,
  ) {
    super(
      `Keystone refused the login of ${user} on cloud "${cloud}" (HTTP ${status}): ${keystoneMessage}`,
      hint ?? 'Check the user, password or application credential, and the project and domains in the cloud configuration.',
    );
  }

  override get cloudProblem(): CloudProblemKind {
    return 'credentials';
  }
}

export interface CatalogCandidate {
  readonly type: string;
  readonly interface: string;
  readonly region: string;
  readonly url: string;
}

/** No endpoint, or more than one, matches service type + interface + region. */
export class EndpointNotFoundError extends OpenStackError {
  override readonly name: string = 'EndpointNotFoundError';
  constructor(
    readonly serviceType: string,
    readonly interfaceName: string,
    readonly region: string | undefined,
    readonly candidates: readonly CatalogCandidate[],
    readonly ambiguous = false,
  ) {
    const wanted = `type "${serviceType}", interface "${interfaceName}"${region ? `, region "${region}"` : ''}`;
    const list = candidates.map((c) => `${c.type} ${c.interface} ${c.region || '(no region)'} ${c.url}`).join('; ');
    super(
      ambiguous
        ? `More than one endpoint matches ${wanted}: ${list}`
        : `The service catalog has no endpoint for ${wanted}. It has: ${list || 'nothing'}`,
      ambiguous
        ? 'Set region_name (and interface) in the cloud configuration to pick one.'
        : 'Check region_name and interface in the cloud configuration, or ask the cloud operator whether Heat (orchestration) is deployed.',
    );
  }
}

/** An error answer from Heat, with its title, explanation and the stack's status_reason. */
export class HeatError extends OpenStackError {
  override readonly name: string = 'HeatError';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly explanation: string,
    readonly heatType?: string,
    readonly statusReason?: string,
    hint?: string,
  ) {
    super(HeatError.describe(status, title, explanation, statusReason), hint);
  }

  override get cloudProblem(): CloudProblemKind | undefined {
    return problemOfStatus(this.status);
  }

  private static describe(status: number, title: string, explanation: string, reason?: string): string {
    // status 0: no HTTP error, the stack itself ended badly; the title says so.
    const parts = [status ? `Heat answered HTTP ${status} ${title}` : title];
    if (explanation) parts.push(explanation);
    if (reason) parts.push(`Heat's reason: ${reason}`);
    return parts.join(': ');
  }
}

/** A stack action ended in *_FAILED (or a create rolled back); carries Heat's status_reason. */
export class StackActionFailedError extends HeatError {
  override readonly name: string = 'StackActionFailedError';
  constructor(
    readonly stackName: string,
    readonly stackStatus: string,
    statusReason: string,
  ) {
    super(
      0,
      `Stack ${stackName} ended in ${stackStatus}`,
      '',
      undefined,
      statusReason,
      'Read the reason above; fix the template, parameters or the cloud environment, then retry.',
    );
  }
}

/**
 * Heat refused to create a stack for a token obtained from an application credential.
 * Heat stores a Keystone trust for deferred operations; Keystone refuses to let
 * application-credential (delegated) tokens manage trusts, so Heat answers 403.
 */
export class HeatTrustRefusedError extends HeatError {
  override readonly name: string = 'HeatTrustRefusedError';
  constructor(
    readonly cloud: string,
    explanation: string,
    /** False when the credential already is unrestricted: then only a password login helps. */
    readonly credentialRestricted: boolean | undefined,
  ) {
    super(
      403,
      'Forbidden',
      explanation || 'stack creation refused',
      undefined,
      undefined,
      `Cloud "${cloud}" logs in with an application credential, and Heat needs a Keystone trust to create stacks; ` +
        'Keystone refuses trusts to application-credential tokens ("Delegated tokens cannot manage trusts"). ' +
        (credentialRestricted === false
          ? 'This credential is already unrestricted, so this cloud refuses them all: log in with a password instead ' +
            '(Lab Console then keeps it in its secret store), or ask the operator to allow trusts for application credentials.'
          : 'Create the application credential with "unrestricted: true", or log in with a password ' +
            '(Lab Console then keeps it in its secret store), or ask the operator to allow it.'),
    );
  }
}

/** A wait ended because the caller's deadline passed; the stack keeps going in Heat. */
export class StackWaitTimeoutError extends OpenStackError {
  override readonly name: string = 'StackWaitTimeoutError';
  constructor(
    readonly stackName: string,
    readonly lastStatus: string,
    readonly waitedMs: number,
  ) {
    super(
      `Stack ${stackName} was still ${lastStatus} after ${Math.round(waitedMs / 1000)} s`,
      'Heat is still working on it; check again later or raise the timeout.',
    );
  }
}

export type NetworkFailure = 'refused' | 'reset' | 'connect-timeout' | 'response-timeout' | 'body-timeout' | 'dns' | 'proxy' | 'other';

const SERVICE_NAMES: Record<string, string> = { identity: 'Keystone', orchestration: 'Heat' };

/** The request never got a complete answer. */
export class NetworkError extends OpenStackError {
  override readonly name: string = 'NetworkError';
  constructor(
    readonly host: string,
    readonly failure: NetworkFailure,
    readonly detail: string,
    /** False when the request surely never reached the server (refused, DNS, connect timeout). */
    readonly maybeReceived: boolean,
    options?: { cause?: unknown },
    /** The service type talked to, when known ("identity", "orchestration"). */
    readonly service?: string,
  ) {
    const who = service ? `${SERVICE_NAMES[service] ?? service} at ${host}` : host;
    super(`Network error talking to ${who}: ${NetworkError.what(failure)} (${detail})`, NetworkError.hintFor(failure, service), options);
  }

  override get cloudProblem(): CloudProblemKind {
    // An answer that never came in time is a slow cloud; everything else is no answer at all.
    return this.failure === 'response-timeout' || this.failure === 'body-timeout' ? 'slow' : 'unreachable';
  }

  /** The same failure, naming the service it happened with. */
  forService(service: string): NetworkError {
    if (this.service) return this;
    return new NetworkError(this.host, this.failure, this.detail, this.maybeReceived, { cause: this.cause }, service);
  }

  static what(failure: NetworkFailure): string {
    switch (failure) {
      case 'refused':
        return 'connection refused, nothing listens there';
      case 'reset':
        return 'the connection was reset before the answer arrived';
      case 'connect-timeout':
        return 'connecting timed out';
      case 'response-timeout':
        return 'no answer in time';
      case 'body-timeout':
        return 'the answer stopped arriving';
      case 'dns':
        return 'the host name does not resolve';
      case 'proxy':
        return 'the HTTPS proxy refused or failed the connection';
      default:
        return 'the request failed';
    }
  }

  private static hintFor(failure: NetworkFailure, service?: string): string {
    const where =
      service && service !== 'identity'
        ? `The ${SERVICE_NAMES[service] ?? service} address comes from the Keystone catalog: check that the service runs and that this machine can reach it`
        : 'Check auth_url in the cloud configuration';
    switch (failure) {
      case 'dns':
        return `${where}, and your DNS.`;
      case 'proxy':
        return 'Check HTTPS_PROXY / NO_PROXY.';
      case 'refused':
      case 'connect-timeout':
        return `${where}; also your network, firewall and HTTPS_PROXY / NO_PROXY settings.`;
      default:
        return 'The cloud may be overloaded or the network unstable; try again.';
    }
  }
}

export type TlsProblem = 'self-signed' | 'unknown-ca' | 'expired' | 'not-yet-valid' | 'hostname-mismatch' | 'client-certificate' | 'other';

/** The server's certificate was not accepted. */
export class TlsError extends OpenStackError {
  override readonly name: string = 'TlsError';
  constructor(
    readonly host: string,
    readonly problem: TlsProblem,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`TLS error talking to ${host}: ${TlsError.what(problem)} (${code})`, TlsError.hintFor(problem), options);
  }

  override get cloudProblem(): CloudProblemKind {
    return 'unreachable';
  }

  static what(problem: TlsProblem): string {
    switch (problem) {
      case 'self-signed':
        return 'the server certificate is self-signed';
      case 'unknown-ca':
        return 'the certificate is signed by a CA this machine does not trust';
      case 'expired':
        return 'the server certificate has expired';
      case 'not-yet-valid':
        return 'the server certificate is not valid yet (check this machine’s clock)';
      case 'hostname-mismatch':
        return 'the certificate is for another host name';
      case 'client-certificate':
        return 'the server requires a client certificate and refused this one, or its absence';
      default:
        return 'the certificate was rejected';
    }
  }

  private static hintFor(problem: TlsProblem): string {
    switch (problem) {
      case 'self-signed':
      case 'unknown-ca':
        return 'Set cacert (OS_CACERT) to the CA bundle of the cloud; "verify: false" works but lets anyone intercept your password.';
      case 'hostname-mismatch':
        return 'Use the host name the certificate was issued for in auth_url (or in the catalog); the cloud operator must fix the catalog otherwise.';
      case 'expired':
        return 'The cloud operator must renew the certificate.';
      case 'client-certificate':
        return 'Set cert and key (OS_CERT / OS_KEY) in the cloud configuration to the client certificate and key the cloud operator issued you.';
      default:
        return 'Check cacert / verify in the cloud configuration.';
    }
  }
}

/** Any other unexpected answer (e.g. Keystone 500) with what the server said. */
export class UnexpectedResponseError extends OpenStackError {
  override readonly name: string = 'UnexpectedResponseError';
  constructor(
    readonly service: string,
    readonly status: number,
    readonly method: string,
    readonly url: string,
    readonly serverMessage: string,
  ) {
    super(`${service} answered HTTP ${status} to ${method} ${url}: ${serverMessage || '(no message)'}`);
  }

  override get cloudProblem(): CloudProblemKind | undefined {
    return problemOfStatus(this.status);
  }
}

/** 401/403: the sign-in (or the token it gave) was refused; 5xx: the cloud failed. Status 0 is no HTTP error. */
function problemOfStatus(status: number): CloudProblemKind | undefined {
  if (status === 401 || status === 403) return 'credentials';
  if (status >= 500) return 'heat-failing';
  return undefined;
}
