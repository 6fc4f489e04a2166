import * as z from 'zod';
import { CohortDiscoveryError } from './cohort-errors';
import type { KeystoneSession } from '../openstack/keystone/keystone-session';
import { keystoneMessage } from '../openstack/keystone/results';

/** A Keystone project the instructor's credentials reach. */
export interface CohortProject {
  readonly id: string;
  readonly name: string;
  readonly tags: readonly string[];
}

/** Which of the reachable projects form the cohort. */
export interface CohortSelector {
  /** Projects tagged `lc-cohort=<cohort>` (the sandbox and `cohort enrol` tag learner projects so). */
  readonly cohort?: string;
  /** A regular expression the project name must match (settings or --projects). */
  readonly namePattern?: string;
}

export const cohortTag = (cohort: string): string => `lc-cohort=${cohort}`;

const ProjectListSchema = z.object({
  projects: z.array(z.object({ id: z.string(), name: z.string(), tags: z.array(z.string()).optional(), enabled: z.boolean().optional() })),
});

/**
 * GET /v3/auth/projects: the projects the token's user has a role on (api-ref identity v3,
 * "Get available project scopes"). Needs no admin right, unlike GET /v3/projects.
 */
export async function reachableProjects(keystone: KeystoneSession, signal?: AbortSignal): Promise<CohortProject[]> {
  const res = await keystone.request('identity', { method: 'GET', path: `${keystone.identityRoot}/auth/projects`, signal });
  if (res.status !== 200) {
    throw new CohortDiscoveryError(
      keystone.cloud.name,
      `Keystone answered ${res.status} to GET /v3/auth/projects: ${keystoneMessage(res.text)}`,
    );
  }
  const parsed = ProjectListSchema.parse(JSON.parse(res.text));
  return parsed.projects.filter((p) => p.enabled !== false).map((p) => ({ id: p.id, name: p.name, tags: p.tags ?? [] }));
}

export function selectProjects(projects: readonly CohortProject[], selector: CohortSelector): CohortProject[] {
  let pattern: RegExp | undefined;
  if (selector.namePattern) {
    try {
      pattern = new RegExp(selector.namePattern);
    } catch (error) {
      throw new CohortDiscoveryError(
        '',
        `the project name pattern "${selector.namePattern}" is not a valid regular expression: ${(error as Error).message}`,
      );
    }
  }
  return projects.filter((p) => (!selector.cohort || p.tags.includes(cohortTag(selector.cohort))) && (!pattern || pattern.test(p.name)));
}
