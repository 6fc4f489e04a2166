import { processSecrets } from '../../log/secret-values';
import { UnexpectedResponseError } from '../errors';
import type { HttpResponse } from '../transport/http-transport';
import type { KeystoneSession } from './keystone-session';
import { createApplicationCredentialBody, type CreateApplicationCredentialInput } from './requests';
import {
  ApplicationCredentialBodySchema,
  ApplicationCredentialListSchema,
  keystoneMessage,
  type ApplicationCredentialRecord,
} from './results';
import { applicationCredentialsUrl, applicationCredentialUrl } from './urls';

export interface ApplicationCredential {
  readonly id: string;
  readonly name: string;
  readonly projectId?: string;
  readonly unrestricted: boolean;
  readonly expiresAt?: string;
  readonly roles: readonly string[];
}

/** Returned once, at creation: the only time Keystone reveals the secret. */
export interface NewApplicationCredential extends ApplicationCredential {
  readonly secret: string;
}

function toCredential(record: ApplicationCredentialRecord): ApplicationCredential {
  return {
    id: record.id,
    name: record.name,
    projectId: record.project_id,
    unrestricted: record.unrestricted ?? false,
    expiresAt: record.expires_at ?? undefined,
    roles: (record.roles ?? []).map((r) => r.name ?? r.id),
  };
}

/**
 * Application credentials of the logged-in user (Keystone v3 /users/{id}/application_credentials).
 * A learner logs in once with a password; the app keeps a credential instead of the password.
 */
export class ApplicationCredentials {
  constructor(private readonly session: KeystoneSession) {}

  async create(input: CreateApplicationCredentialInput): Promise<NewApplicationCredential> {
    const token = await this.session.token();
    const res = await this.session.request('identity', {
      method: 'POST',
      path: applicationCredentialsUrl(this.session.identityRoot, token.user.id),
      json: createApplicationCredentialBody(input),
    });
    this.expect(res, [201], 'POST');
    const record = ApplicationCredentialBodySchema.parse(JSON.parse(res.text)).application_credential;
    if (!record.secret) throw new UnexpectedResponseError('Keystone', res.status, 'POST', res.url, 'the answer carries no secret');
    processSecrets.add(record.secret);
    return { ...toCredential(record), secret: record.secret };
  }

  async list(): Promise<ApplicationCredential[]> {
    const token = await this.session.token();
    const res = await this.session.request('identity', {
      method: 'GET',
      path: applicationCredentialsUrl(this.session.identityRoot, token.user.id),
    });
    this.expect(res, [200], 'GET');
    return ApplicationCredentialListSchema.parse(JSON.parse(res.text)).application_credentials.map(toCredential);
  }

  /** Deletes one; a credential already gone is not an error. */
  async delete(id: string): Promise<void> {
    const token = await this.session.token();
    const res = await this.session.request('identity', {
      method: 'DELETE',
      path: applicationCredentialUrl(this.session.identityRoot, token.user.id, id),
    });
    if (res.status === 404) return;
    this.expect(res, [204], 'DELETE');
  }

  private expect(res: HttpResponse, ok: number[], method: string): void {
    if (ok.includes(res.status)) return;
    const message = keystoneMessage(res.text);
    const hint =
      res.status === 403 ? ' (a token from a restricted application credential cannot manage credentials; log in with a password)' : '';
    throw new UnexpectedResponseError('Keystone', res.status, method, res.url, message + hint);
  }
}
