/**
 * Just enough of Keystone's v3 API to lay out the sandbox's identities idempotently
 * (every `ensure*` finds by name first). Not the app's client: that lives in src/core/openstack.
 */
export class KeystoneSetupError extends Error {
  override name = 'KeystoneSetupError';
}

interface Named {
  id: string;
  name: string;
}

export interface PasswordScope {
  user: string;
  password: string;
  projectName: string;
}

export async function passwordToken(url: string, scope: PasswordScope): Promise<{ token: string; userId: string; projectId: string }> {
  const response = await fetch(`${url}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: scope.user, domain: { id: 'default' }, password: scope.password } },
        },
        scope: { project: { name: scope.projectName, domain: { id: 'default' } } },
      },
    }),
  });
  if (response.status !== 201) {
    throw new KeystoneSetupError(
      `Keystone at ${url} refused ${scope.user} on project ${scope.projectName}: ${response.status} ${await response.text()}`,
    );
  }
  const body = (await response.json()) as { token: { user: { id: string }; project: { id: string } } };
  return { token: response.headers.get('x-subject-token') ?? '', userId: body.token.user.id, projectId: body.token.project.id };
}

export class KeystoneAdmin {
  private constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  static async login(url: string, scope: PasswordScope): Promise<KeystoneAdmin> {
    return new KeystoneAdmin(url, (await passwordToken(url, scope)).token);
  }

  async request<T>(method: string, path: string, body?: unknown, okStatuses = [200, 201, 204]): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'x-auth-token': this.token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!okStatuses.includes(response.status)) {
      throw new KeystoneSetupError(`Keystone ${method} ${path} answered ${response.status}: ${text.slice(0, 400)}`);
    }
    return (text ? JSON.parse(text) : {}) as T;
  }

  private async findByName(collection: string, name: string, extra = ''): Promise<Named | undefined> {
    const result = await this.request<Record<string, Named[]>>('GET', `/${collection}?name=${encodeURIComponent(name)}${extra}`);
    return result[collection]?.[0];
  }

  async ensureDomain(name: string): Promise<string> {
    const found = await this.findByName('domains', name);
    if (found) return found.id;
    const created = await this.request<{ domain: Named }>('POST', '/domains', { domain: { name, enabled: true } });
    return created.domain.id;
  }

  async ensureRole(name: string): Promise<string> {
    const found = await this.findByName('roles', name);
    if (found) return found.id;
    const created = await this.request<{ role: Named }>('POST', '/roles', { role: { name } });
    return created.role.id;
  }

  async ensureProject(name: string, options: { description?: string; tags?: string[] } = {}): Promise<string> {
    const found = await this.findByName('projects', name, '&domain_id=default');
    if (found) return found.id;
    const created = await this.request<{ project: Named }>('POST', '/projects', {
      project: { name, domain_id: 'default', enabled: true, description: options.description ?? '', tags: options.tags ?? [] },
    });
    return created.project.id;
  }

  /**
   * Creates the user if missing. An existing user is left alone: Keystone revokes a user's tokens
   * when an admin sets the password, and the sandbox's passwords never change once made.
   */
  async ensureUser(name: string, password: string, options: { domainId?: string; defaultProjectId?: string } = {}): Promise<string> {
    const domainId = options.domainId ?? 'default';
    const found = await this.findByName('users', name, `&domain_id=${domainId}`);
    if (found) return found.id;
    const user = {
      name,
      password,
      domain_id: domainId,
      enabled: true,
      ...(options.defaultProjectId ? { default_project_id: options.defaultProjectId } : {}),
    };
    const created = await this.request<{ user: Named }>('POST', '/users', { user });
    return created.user.id;
  }

  async grantProjectRole(projectId: string, userId: string, roleId: string): Promise<void> {
    await this.request('PUT', `/projects/${projectId}/users/${userId}/roles/${roleId}`);
  }

  async grantDomainRole(domainId: string, userId: string, roleId: string): Promise<void> {
    await this.request('PUT', `/domains/${domainId}/users/${userId}/roles/${roleId}`);
  }

  async ensureService(type: string, name: string): Promise<string> {
    const result = await this.request<{ services: (Named & { type: string })[] }>('GET', `/services?type=${type}`);
    const found = result.services[0];
    if (found) return found.id;
    const created = await this.request<{ service: Named }>('POST', '/services', { service: { type, name, enabled: true } });
    return created.service.id;
  }

  /** public, internal and admin endpoints at `url` (updated in place when the port changed). */
  async ensureEndpoints(serviceId: string, region: string, url: string): Promise<void> {
    const result = await this.request<{ endpoints: { id: string; interface: string; url: string; region_id: string }[] }>(
      'GET',
      `/endpoints?service_id=${serviceId}`,
    );
    for (const iface of ['public', 'internal', 'admin']) {
      const existing = result.endpoints.find((e) => e.interface === iface && e.region_id === region);
      if (!existing) {
        await this.request('POST', '/endpoints', {
          endpoint: { service_id: serviceId, interface: iface, url, region_id: region, enabled: true },
        });
      } else if (existing.url !== url) {
        await this.request('PATCH', `/endpoints/${existing.id}`, { endpoint: { url } });
      }
    }
  }
}
