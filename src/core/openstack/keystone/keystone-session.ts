import { systemClock, type Clock } from '../../time/clock';
import { silentLogger, type Logger } from '../../log/logger';
import { processSecrets } from '../../log/secret-values';
import { describeUser, type CloudAuth, type ResolvedCloud } from '../clouds-config/cloud-types';
import { AuthFailedError, NetworkError, UnexpectedResponseError } from '../errors';
import type { HttpMethod, HttpResponse, HttpTransport } from '../transport/http-transport';
import { selectEndpoint } from './catalog';
import { authRequestBody } from './requests';
import { isKeystoneError, keystoneMessage, parseKeystoneTime, TokenBodySchema, type CatalogService } from './results';
import { identityV3Root, tokensUrl } from './urls';

/** A project-scoped Keystone token and what came with it. */
export interface Token {
  readonly value: string;
  /** Local-clock ms when it expires: issue time here + Keystone's lifetime, so clock skew does not matter. */
  readonly expiresAt: number;
  /** Keystone's own expires_at, for display. */
  readonly expiresAtIso: string;
  readonly user: { readonly id: string; readonly name?: string; readonly domainId?: string };
  readonly project?: { readonly id: string; readonly name?: string; readonly domainId?: string };
  readonly methods: readonly string[];
  readonly catalog: readonly CatalogService[];
  /** Set when the token came from an application credential. */
  readonly applicationCredential?: { readonly id: string; readonly restricted?: boolean };
}

export interface KeystoneSessionOptions {
  readonly cloud: ResolvedCloud;
  readonly transport: HttpTransport;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Re-authenticate this long before the token expires (keystoneauth's default is 2 min). */
  readonly refreshMarginMs?: number;
}

export interface ServiceRequest {
  readonly method: HttpMethod;
  /** Appended to the service endpoint, or an absolute URL. */
  readonly path: string;
  readonly json?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly idempotent?: boolean;
  readonly signal?: AbortSignal;
  /** Send once: no transport retry (the caller handles ambiguity itself). */
  readonly noRetry?: boolean;
}

export const DEFAULT_REFRESH_MARGIN_MS = 120_000;

/** The secret a cloud logs in with, wherever it came from (clouds.yaml, OS_* variables, the secret store). */
function authSecret(auth: CloudAuth): string {
  switch (auth.type) {
    case 'password':
      return auth.password;
    case 'v3applicationcredential':
      return auth.applicationCredentialSecret;
    case 'token':
      return auth.token;
  }
}

/**
 * Keystone v3 authentication for one cloud: a project-scoped token kept fresh, endpoints from its
 * catalog, and authenticated requests that survive a token revoked or expired under them.
 *
 * Like keystoneauth and gophercloud's ProviderClient: the token is renewed `refreshMarginMs` before
 * it expires; a 401 triggers one re-authentication, shared by every request that saw the same stale
 * token, and the request is retried once with the new token.
 */
export class KeystoneSession {
  readonly cloud: ResolvedCloud;
  readonly identityRoot: string;
  /** Counters for diagnostics and tests. */
  readonly stats = { authentications: 0, reauthenticationsAfter401: 0 };
  private readonly transport: HttpTransport;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly refreshMarginMs: number;
  private current: Token | undefined;
  private inflight: Promise<Token> | undefined;

  constructor(options: KeystoneSessionOptions) {
    this.cloud = options.cloud;
    this.transport = options.transport;
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child('keystone');
    this.refreshMarginMs = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.identityRoot = identityV3Root(this.cloud.auth.authUrl);
    // Every login to a cloud passes here: the logs learn its secret, then each token it mints.
    processSecrets.add(authSecret(this.cloud.auth));
  }

  /** A token valid for at least the refresh margin, authenticating when needed. */
  async token(): Promise<Token> {
    const token = this.current;
    if (token && token.expiresAt - this.clock.now() > this.refreshMarginMs) return token;
    if (token) this.logger.debug('token expires soon; renewing', { expiresAt: token.expiresAtIso });
    return this.renew(token);
  }

  /** The endpoint of a service for this cloud's interface and region (or its *_endpoint_override). */
  async endpoint(serviceType: string): Promise<string> {
    const token = await this.token();
    return this.endpointFor(token, serviceType);
  }

  endpointFor(token: Token, serviceType: string): string {
    const override = this.cloud.endpointOverrides[serviceType];
    const url = override
      ? override.replace(/%\(project_id\)s|\$\(project_id\)s|\{project_id\}/g, token.project?.id ?? '')
      : selectEndpoint(token.catalog, { type: serviceType, interface: this.cloud.interface, region: this.cloud.regionName });
    return url.replace(/\/+$/, '');
  }

  /**
   * An authenticated request to a service. On 401 the session re-authenticates (once, shared)
   * and sends the request once more; a second 401 is returned to the caller.
   */
  async request(serviceType: string, req: ServiceRequest): Promise<HttpResponse> {
    const token = await this.token();
    const first = await this.send(token, serviceType, req);
    if (first.status !== 401) return first;
    this.logger.info('token refused; re-authenticating once', { service: serviceType, path: req.path });
    const fresh = await this.renew(token, true);
    return this.send(fresh, serviceType, req);
  }

  /** Forgets the token (e.g. after revoking it). */
  invalidate(): void {
    this.current = undefined;
  }

  /** Revokes the current token at Keystone (DELETE /v3/auth/tokens) and forgets it. */
  async revoke(): Promise<void> {
    const token = this.current;
    if (!token) return;
    this.current = undefined;
    await this.transport.send({
      method: 'DELETE',
      url: tokensUrl(this.identityRoot),
      headers: { 'x-auth-token': token.value, 'x-subject-token': token.value },
    });
  }

  private async send(token: Token, serviceType: string, req: ServiceRequest): Promise<HttpResponse> {
    const url = /^https?:\/\//.test(req.path) ? req.path : `${this.endpointFor(token, serviceType)}${req.path}`;
    const request = {
      method: req.method,
      url,
      json: req.json,
      headers: { ...req.headers, 'x-auth-token': token.value },
      idempotent: req.idempotent,
      signal: req.signal,
      service: serviceType,
    };
    try {
      return await (req.noRetry ? this.transport.sendOnce(request) : this.transport.send(request));
    } catch (error) {
      throw error instanceof NetworkError ? error.forService(serviceType) : error;
    }
  }

  /**
   * One authentication shared by all callers: whoever comes while it runs waits for it, and whoever
   * holds a token older than the current one simply gets the current one.
   */
  private renew(stale: Token | undefined, after401 = false): Promise<Token> {
    if (this.current && this.current !== stale) return Promise.resolve(this.current);
    if (!this.inflight) {
      if (after401) this.stats.reauthenticationsAfter401++;
      this.inflight = this.authenticate().finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  /** POST /v3/auth/tokens; the token is in the X-Subject-Token header. */
  private async authenticate(): Promise<Token> {
    const { auth } = this.cloud;
    this.stats.authentications++;
    const sentAt = this.clock.now();
    const res = await this.transport
      .send({
        method: 'POST',
        url: tokensUrl(this.identityRoot),
        json: authRequestBody(auth),
        // Authenticating twice is harmless: it only mints another token.
        idempotent: true,
        service: 'identity',
      })
      .catch((error: unknown) => {
        throw error instanceof NetworkError ? error.forService('identity') : error;
      });
    if (res.status !== 201 && res.status !== 200) throw this.authFailure(res);
    const value = res.headers['x-subject-token'];
    if (!value) throw new UnexpectedResponseError('Keystone', res.status, 'POST', res.url, 'no X-Subject-Token header in the answer');
    processSecrets.add(value);
    const body = TokenBodySchema.parse(JSON.parse(res.text));
    const t = body.token;
    const expires = parseKeystoneTime(t.expires_at);
    const issued = t.issued_at ? parseKeystoneTime(t.issued_at) : sentAt;
    const token: Token = {
      value,
      expiresAt: sentAt + (expires - issued),
      expiresAtIso: new Date(expires).toISOString(),
      user: { id: t.user.id, name: t.user.name, domainId: t.user.domain?.id },
      project: t.project && { id: t.project.id, name: t.project.name, domainId: t.project.domain?.id },
      methods: t.methods,
      catalog: t.catalog ?? [],
      applicationCredential: t.application_credential && {
        id: t.application_credential.id,
        restricted: t.application_credential.restricted,
      },
    };
    this.current = token;
    this.logger.debug('authenticated', { user: token.user.name, project: token.project?.name, expiresAt: token.expiresAtIso });
    return token;
  }

  private authFailure(res: HttpResponse): Error {
    const message = keystoneMessage(res.text);
    const user = describeUser(this.cloud.auth);
    const fromKeystone = isKeystoneError(res.text);
    if (res.status === 404 && !fromKeystone) {
      return new AuthFailedError(
        this.cloud.name,
        user,
        `${tokensUrl(this.identityRoot)} does not exist`,
        404,
        'auth_url does not point at Keystone v3; check it in the cloud configuration.',
      );
    }
    if (res.status === 401 || res.status === 403 || res.status === 404 || res.status === 400) {
      // Keystone answers 404 "Could not find token" to a revoked or expired token.
      const hint =
        this.cloud.auth.type === 'token'
          ? 'The token has expired or was revoked; get a new one (openstack token issue) or use a password or application credential.'
          : res.status === 400
            ? 'Keystone found the login request malformed; check the domain, project and user fields.'
            : undefined;
      return new AuthFailedError(this.cloud.name, user, message || 'The request you have made requires authentication.', res.status, hint);
    }
    return new UnexpectedResponseError('Keystone', res.status, 'POST', res.url, message);
  }
}
