import type { TimingLine } from './http-timing-preload';

/** One learner project's part of a cohort listing: its stacks, then the events of its labs. */
export interface FloorProject {
  readonly id: string;
  /** GET path of the course's stacks in the project, query and all. */
  readonly stacks: string;
  /** GET paths of its labs' events (with the marker each was sent with), in the order they were sent. */
  readonly events: readonly string[];
}

/**
 * The requests a `cohort list` run made, laid out as bench/support/undici-cohort-floor.ts replays
 * them: after the login, Keystone's GETs (the projects, the learners' names), then each project's
 * scoped token, stacks and events. Read off the run's own exchanges (http-timing-preload.ts), so the
 * floor sends what ours sent — the first listing's events in full, the second's only newer ones —
 * with the tokens each needs: the login's, one scoped to the learners' domain for its users, one
 * scoped to each project.
 */
export interface CohortFloorPlan {
  /** GETs on Keystone sent after the login: a domain's users with a token scoped to that domain. */
  readonly keystone: readonly KeystoneGet[];
  readonly projects: readonly FloorProject[];
}

export interface KeystoneGet {
  readonly path: string;
  /** The domain the token it is sent with is scoped to (GET /v3/users?domain_id=…); the login's token otherwise. */
  readonly domain?: string;
}

/** Heat's paths name the project first: /v1/{project_id}/stacks… (the orchestration endpoint's own form). */
const HEAT_PATH = /^\/v1\/([^/?]+)\/stacks(\/[^?]*)?(\?.*)?$/;

/**
 * The plan of the exchanges of one run. `identityPath` is Keystone's root path (`/v3` in
 * http://host:5000/v3): its GETs are Keystone's; token requests (POST) are the floor's own to make.
 * Throws on a request it cannot place, so that a floor never silently sends less than ours did.
 */
export function cohortFloorPlan(lines: readonly TimingLine[], identityPath: string): CohortFloorPlan {
  const root = identityPath.replace(/\/+$/, '');
  const keystone: KeystoneGet[] = [];
  const projects = new Map<string, { id: string; stacks?: string; events: string[] }>();
  const http = lines.filter((l) => l.kind === 'http').sort((a, b) => a.at - b.at);
  for (const { method, path } of http) {
    if (!method || !path) throw new Error('a timing line without its method or path');
    if (method === 'POST' && path === `${root}/auth/tokens`) continue;
    if (method === 'GET' && path.startsWith(`${root}/`)) {
      const domain = path.startsWith(`${root}/users?`) ? new URLSearchParams(path.split('?')[1]).get('domain_id') : null;
      keystone.push(domain ? { path, domain } : { path });
      continue;
    }
    const heat = method === 'GET' ? HEAT_PATH.exec(path) : null;
    if (!heat) throw new Error(`a request the cohort floor does not replay: ${method} ${path}`);
    const id = heat[1]!;
    const project = projects.get(id) ?? { id, events: [] };
    projects.set(id, project);
    if (heat[2] === undefined) project.stacks = path;
    else if (heat[2].endsWith('/events')) project.events.push(path);
    else throw new Error(`a request the cohort floor does not replay: ${method} ${path}`);
  }
  return {
    keystone,
    projects: [...projects.values()].map((p) => {
      if (!p.stacks) throw new Error(`project ${p.id}: events read without its stacks listed`);
      return { id: p.id, stacks: p.stacks, events: p.events };
    }),
  };
}
