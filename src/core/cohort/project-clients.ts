import type { Clock } from '../time/clock';
import type { Logger } from '../log/logger';
import type { ResolvedCloud } from '../openstack/clouds-config/cloud-types';
import type { OpenStackConnection } from '../openstack/openstack-client';
import { HeatClient } from '../openstack/heat/heat-client';
import { KeystoneSession } from '../openstack/keystone/keystone-session';
import type { CohortProject } from './cohort-projects';

/**
 * One Heat client per learner project, all on the instructor's connection pool. Each project needs
 * its own project-scoped token: Heat only lists a project's stacks to a token of that project.
 *
 * Password and token credentials are rescoped with the token method (POST /v3/auth/tokens,
 * identity "token", scope project): no password hashing per project on Keystone's side. The
 * rescoped token lives no longer than the instructor's, so clients are rebuilt when it is renewed.
 * An application credential is bound to its one project and cannot be rescoped.
 */
export class ProjectClients {
  private readonly clients = new Map<string, { token: string; heat: HeatClient }>();

  constructor(
    private readonly connection: OpenStackConnection,
    private readonly options: { clock: Clock; logger: Logger },
  ) {}

  get cloud(): ResolvedCloud {
    return this.connection.cloud;
  }

  /** True when the credentials can reach projects other than their own. */
  get canRescope(): boolean {
    return this.connection.cloud.auth.type !== 'v3applicationcredential';
  }

  async heatFor(project: Pick<CohortProject, 'id'>): Promise<HeatClient> {
    const token = await this.connection.keystone.token();
    if (token.project?.id === project.id) return this.connection.heat;
    const cached = this.clients.get(project.id);
    if (cached && cached.token === token.value) return cached.heat;
    const cloud = this.connection.cloud;
    const scoped: ResolvedCloud = {
      ...cloud,
      auth: { type: 'token', authUrl: cloud.auth.authUrl, token: token.value, projectId: project.id },
    };
    const session = new KeystoneSession({
      cloud: scoped,
      transport: this.connection.transport,
      clock: this.options.clock,
      logger: this.options.logger,
    });
    const heat = new HeatClient({ session, clock: this.options.clock, logger: this.options.logger });
    this.clients.set(project.id, { token: token.value, heat });
    return heat;
  }
}
