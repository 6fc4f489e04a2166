import * as z from 'zod';
import type { CohortLab, LearnerNamesSource } from '../../shared/cohort/cohort-lab';
import { processSecrets } from '../log/secret-values';
import type { OpenStackConnection } from '../openstack/openstack-client';
import { keystoneMessage } from '../openstack/keystone/results';
import { tokensUrl } from '../openstack/keystone/urls';

/** A learner as Keystone knows them: the user name, and the display name when the cloud keeps one. */
export interface LearnerName {
  readonly name: string;
  readonly displayName: string | null;
}

export interface LearnerNames {
  readonly byUserId: ReadonlyMap<string, LearnerName>;
  /** Where the listing's learner names come from, and why not from Keystone when they do not. */
  readonly source: LearnerNamesSource;
}

const UserListSchema = z.object({
  users: z.array(z.object({ id: z.string(), name: z.string(), display_name: z.unknown().optional() }).passthrough()),
  truncated: z.boolean().optional(),
});

const fallback = (problem: string): LearnerNames => ({ byUserId: new Map(), source: { from: 'stack-owner', problem } });

/** A cloud's own display name of a user (an extra attribute Keystone keeps as given), when it is a non-empty text. */
function displayNameOf(user: { name: string; display_name?: unknown }): string | null {
  const shown = typeof user.display_name === 'string' ? user.display_name.trim() : '';
  return shown && shown !== user.name ? shown : null;
}

/**
 * The users of the instructor's domain, read once per listing with a token scoped to that domain:
 * Keystone's default policy lets a domain-scoped `reader` list the domain's users (identity:list_users),
 * which a project-scoped member may not. Nothing here fails a listing: when Keystone refuses the
 * scope or the list, the answer says so and the listing names learners as before (their labs' owner).
 */
export async function readLearnerNames(connection: OpenStackConnection, signal?: AbortSignal): Promise<LearnerNames> {
  try {
    const token = await connection.keystone.token();
    if (token.applicationCredential) return fallback('an application credential cannot be scoped to a domain to read users');
    const domainId = token.user.domainId ?? 'default';
    const root = connection.keystone.identityRoot;
    // POST /v3/auth/tokens with the token method and a domain scope (api-ref identity v3): no password sent again.
    const scoped = await connection.transport.send({
      method: 'POST',
      url: tokensUrl(root),
      json: { auth: { identity: { methods: ['token'], token: { id: token.value } }, scope: { domain: { id: domainId } } } },
      idempotent: true,
      signal,
      service: 'identity',
    });
    const domainToken = scoped.headers['x-subject-token'];
    if ((scoped.status !== 201 && scoped.status !== 200) || !domainToken) {
      return fallback(`Keystone refused a token scoped to domain "${domainId}" (${scoped.status}: ${keystoneMessage(scoped.text)})`);
    }
    processSecrets.add(domainToken);
    const listed = await connection.transport.send({
      method: 'GET',
      url: `${root}/users?domain_id=${encodeURIComponent(domainId)}`,
      headers: { 'x-auth-token': domainToken },
      idempotent: true,
      signal,
      service: 'identity',
    });
    if (listed.status !== 200) {
      return fallback(`Keystone refused to list the users of domain "${domainId}" (${listed.status}: ${keystoneMessage(listed.text)})`);
    }
    const body = UserListSchema.parse(JSON.parse(listed.text));
    const byUserId = new Map(body.users.map((u) => [u.id, { name: u.name, displayName: displayNameOf(u) }]));
    return {
      byUserId,
      source: {
        from: 'keystone',
        // Keystone's list_limit cut the list: learners beyond it keep their labs' owner as their name.
        problem: body.truncated ? `Keystone listed only ${body.users.length} users of domain "${domainId}"` : null,
      },
    };
  } catch (error) {
    if (signal?.aborted) throw error;
    return fallback(`Keystone's users could not be read: ${(error as Error).message}`);
  }
}

/** A row named by Keystone when Keystone knows its learner (the `lc-user=` tag's id); else as it was. */
export function withLearnerName(row: CohortLab, names: LearnerNames | undefined): CohortLab {
  const known = names?.byUserId.get(row.userId);
  if (!known) return row;
  return { ...row, learner: known.name, ...(known.displayName ? { learnerDisplayName: known.displayName } : {}) };
}
