import type { CloudAuth } from '../clouds-config/cloud-types';

/** Keystone v3 `POST /v3/auth/tokens` bodies (api-ref identity v3, "Authentication and token management"). */

function domainRef(id?: string, name?: string): { domain: { id: string } | { name: string } } | undefined {
  if (id) return { domain: { id } };
  if (name) return { domain: { name } };
  return undefined;
}

function projectScope(auth: { projectId?: string; projectName?: string; projectDomainId?: string; projectDomainName?: string }): unknown {
  if (auth.projectId) return { project: { id: auth.projectId } };
  if (auth.projectName) return { project: { name: auth.projectName, ...domainRef(auth.projectDomainId, auth.projectDomainName) } };
  return undefined;
}

export function authRequestBody(auth: CloudAuth): unknown {
  switch (auth.type) {
    case 'password': {
      const user = auth.userId
        ? { id: auth.userId, password: auth.password }
        : { name: auth.username, password: auth.password, ...domainRef(auth.userDomainId, auth.userDomainName) };
      const scope = projectScope(auth);
      return { auth: { identity: { methods: ['password'], password: { user } }, ...(scope ? { scope } : {}) } };
    }
    case 'v3applicationcredential': {
      const credential = auth.applicationCredentialId
        ? { id: auth.applicationCredentialId, secret: auth.applicationCredentialSecret }
        : {
            name: auth.applicationCredentialName,
            secret: auth.applicationCredentialSecret,
            user: auth.userId ? { id: auth.userId } : { name: auth.username, ...domainRef(auth.userDomainId, auth.userDomainName) },
          };
      // An application credential is bound to its project; Keystone rejects a scope here.
      return { auth: { identity: { methods: ['application_credential'], application_credential: credential } } };
    }
    case 'token': {
      const scope = projectScope(auth);
      return { auth: { identity: { methods: ['token'], token: { id: auth.token } }, ...(scope ? { scope } : {}) } };
    }
  }
}

export interface CreateApplicationCredentialInput {
  readonly name: string;
  readonly description?: string;
  /** ISO 8601; never expires when absent. */
  readonly expiresAt?: string;
  /**
   * Allows the credential to create further credentials and trusts. Heat needs a trust for
   * deferred operations, so stack creation may need it.
   */
  readonly unrestricted?: boolean;
  /** Role names; by default all the roles of the current token. */
  readonly roles?: readonly string[];
}

export function createApplicationCredentialBody(input: CreateApplicationCredentialInput): unknown {
  return {
    application_credential: {
      name: input.name,
      ...(input.description ? { description: input.description } : {}),
      ...(input.expiresAt ? { expires_at: input.expiresAt } : {}),
      ...(input.unrestricted !== undefined ? { unrestricted: input.unrestricted } : {}),
      ...(input.roles ? { roles: input.roles.map((name) => ({ name })) } : {}),
    },
  };
}
