import type { SessionDetailOf, SessionFailureOf } from '../../../shared/contract/session-calls';
import type { ServiceTls } from '../../../shared/course/lab-services';
import {
  UnusableConnectionError,
  type ConnectContext,
  type ConnectFailure,
  type LiveConnection,
  type SessionProtocol,
} from '../live-connection';
import { sentenceOf } from '../../api/user-error';
import type { HostKeyPins } from '../ssh/host-key-pins';
import { sshOptionsFor } from '../ssh/lab-ssh-options';
import { SshError } from '../ssh/ssh-errors';
import { SshSession, type SshConnectOptions } from '../ssh/ssh-session';
import { ServiceProxy } from './service-proxy';
import { labServicePin, ServiceCertificateChanged, tlsToService } from './service-tls';

/** A service of a running lab (course.yaml `lab.services`), its values read from the stack's outputs. */
export interface WebServiceTarget {
  readonly name: string;
  /** The ssh connection whose machine reaches it: the only one its forward may run over. */
  readonly connection: string;
  /** Where the connection's machine reaches it. */
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly tls: ServiceTls;
  /** Published by the template (`cert_sha256`): checked strictly instead of trusting on first use. */
  readonly certSha256?: string;
}

export interface WebProtocolOptions {
  readonly pins: HostKeyPins;
  /** The service's details for a course's running lab; throws a UserFacingError when it cannot. */
  service(courseId: string, name: string): Promise<WebServiceTarget>;
  /** How to connect (a test hands in its own). */
  readonly connect?: (options: SshConnectOptions) => Promise<SshSession>;
}

/** A web console's protocol, and the one-time address of each open console. */
export interface WebProtocol extends SessionProtocol<'web'> {
  entryUrl(sessionId: string): string | undefined;
}

const FINAL_FAILURES = new Set(['auth-failed', 'host-key-changed', 'host-key-mismatch', 'certificate-changed']);

class ConsoleAbandoned extends Error {}

function failureOf(error: unknown): ConnectFailure<'web'> {
  if (error instanceof ServiceCertificateChanged) {
    return {
      failure: 'certificate-changed',
      final: true,
      detail: { expectedSha256: error.expectedSha256, actualSha256: error.actualSha256 },
    };
  }
  if (error instanceof SshError) {
    const failure = error.kind as SessionFailureOf<'web'>;
    const { expectedFingerprint, receivedFingerprint } = error as SshError & { expectedFingerprint?: string; receivedFingerprint?: string };
    return FINAL_FAILURES.has(failure)
      ? { failure, final: true, detail: { expectedFingerprint, receivedFingerprint } }
      : { failure, final: false };
  }
  return { failure: 'disconnected', final: false };
}

/**
 * A web console tab: an SSH login to the lab's connection, and a small proxy on its own 127.0.0.1
 * port that passes the page's requests to the service over a new forward each (`ssh -L` on
 * demand), HTTPS checked against the certificate pinned for the lab. Nothing goes down the
 * session's stream; the view loads the proxy's one-time address. The proxy's port dies with the
 * connection: when the tab is closed, the lab suspended or deleted, or the app quits.
 */
export function webProtocol(options: WebProtocolOptions): WebProtocol {
  const open = new Map<string, WebConnection>();
  return {
    kind: 'web',
    noun: 'web console',
    windowBytes: 64 * 1024,
    accepts: (_message): _message is never => false,
    isActivity: () => false,
    connect: (context) => new WebConnection(context, options, open),
    failureOf,
    entryUrl: (sessionId) => open.get(sessionId)?.entryUrl(),
  };
}

class WebConnection implements LiveConnection<'web'> {
  readonly ready: Promise<SessionDetailOf<'web'>>;
  private ssh: SshSession | undefined;
  private proxy: ServiceProxy | undefined;
  private closed = false;

  constructor(
    private readonly context: ConnectContext<'web'>,
    private readonly options: WebProtocolOptions,
    private readonly open: Map<string, WebConnection>,
  ) {
    this.ready = this.start();
  }

  entryUrl(): string | undefined {
    return this.proxy?.entryUrl();
  }

  private async start(): Promise<SessionDetailOf<'web'>> {
    const { request, target, logger } = this.context;
    const service = await this.options.service(request.courseId, request.service);
    if (service.connection !== request.connection) {
      // The course names the machine that reaches the service; no other is asked to.
      throw new UnusableConnectionError<'web'>(
        { key: 'web.otherConnection', params: { service: service.name, connection: service.connection, requested: request.connection } },
        'unavailable',
      );
    }
    const ssh = await (this.options.connect ?? SshSession.connect)(
      sshOptionsFor(target, request.connection, this.options.pins, { logger }),
    );
    this.ssh = ssh;
    if (this.closed) this.abandon();
    const pin =
      service.tls === 'self-signed'
        ? labServicePin(
            this.options.pins,
            { stackId: target.stackId, connection: `${request.connection}:${service.name}`, host: service.host, port: service.port },
            service.name,
            service.certSha256,
          )
        : undefined;
    const connect = async () => {
      const channel = await ssh.forwardOut(service.host, service.port);
      return pin ? tlsToService(channel, service.host, pin) : channel;
    };
    if (pin) {
      // The certificate is checked (or pinned) now, so a changed one shows on the tab, not only in the page.
      await connect().then(
        (stream) => stream.destroy(),
        (error: unknown) => {
          if (error instanceof ServiceCertificateChanged) throw error;
          logger.info('web console: the service does not answer yet', { service: service.name, error: (error as Error).message });
        },
      );
    }
    this.proxy = await ServiceProxy.start({
      name: service.name,
      upstream: { host: service.host, port: service.port, tls: pin !== undefined },
      path: service.path,
      connect,
      onActivity: () => this.context.activity(),
      logger,
    });
    if (this.closed) this.abandon();
    this.open.set(this.context.sessionId, this);
    ssh.onClose((error) => {
      if (error) this.context.lost(sentenceOf(error), 'disconnected');
    });
    logger.info('web console open', { service: service.name, port: this.proxy.port });
    return {};
  }

  private abandon(): never {
    this.close();
    throw new ConsoleAbandoned('the web console was closed before it was ready');
  }

  streamAttached(): void {}
  streamDetached(): void {}
  ack(): void {}
  input(): void {}
  resize(): 'done' {
    return 'done';
  }

  close(): void {
    this.closed = true;
    if (this.open.get(this.context.sessionId) === this) this.open.delete(this.context.sessionId);
    void this.proxy?.close();
    this.proxy = undefined;
    this.ssh?.close();
    this.ssh = undefined;
  }
}
