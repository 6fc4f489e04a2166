import * as z from 'zod';

/**
 * What went wrong between the app and a cloud, as learned from the requests the app made:
 * - unreachable: no answer at all (connection refused or reset, DNS, TLS, a proxy);
 * - credentials: Keystone (or Heat) refused the sign-in (401/403);
 * - heat-failing: the cloud answered with a server error (5xx, a 503 with Retry-After);
 * - slow: a request has waited (or waited) longer than the app's patience.
 */
export const CloudProblemKind = z.enum(['unreachable', 'credentials', 'heat-failing', 'slow']);
export type CloudProblemKind = z.infer<typeof CloudProblemKind>;

// A cloud's problem and health are built at their first parse (z.lazy): the cloud commands read
// neither, and every schema built as a module loads is in their start-up blob
// (src/core/cli/cloud-schemas-built.test.ts).
export const CloudProblem = z.lazy(() =>
  z.object({
    kind: CloudProblemKind,
    /** When this streak began (ms since the epoch): the first failed request, or when the slow one was sent. */
    since: z.number().int(),
    /** The technical detail for support: the client's own message (host, errno, HTTP status, Heat's explanation). */
    detail: z.string(),
    /** The service that failed: "identity" (Keystone) or "orchestration" (Heat). */
    service: z.string().nullable(),
    /** When the cloud asked to be asked again (Retry-After), ms since the epoch. */
    retryAt: z.number().int().nullable(),
  }),
);
export type CloudProblem = z.infer<typeof CloudProblem>;

/** A cloud's health as this app process has seen it. */
export const CloudHealth = z.lazy(() =>
  z.object({
    cloud: z.string(),
    /** Null while the cloud answers as it should. */
    problem: CloudProblem.nullable(),
    /** When the cloud last answered a request properly (ms since the epoch); null before the first. */
    lastAnswerAt: z.number().int().nullable(),
  }),
);
export type CloudHealth = z.infer<typeof CloudHealth>;

/** The job-error kind the app stores for a failure of each kind (`lab-console jobs list` shows it). */
export function cloudProblemJobKind(kind: CloudProblemKind): string {
  return `cloud-${kind}`;
}

/** The problem kind of a stored job-error kind, when it is one. */
export function cloudProblemOfJobKind(kind: string | null | undefined): CloudProblemKind | undefined {
  if (!kind?.startsWith('cloud-')) return undefined;
  const parsed = CloudProblemKind.safeParse(kind.slice('cloud-'.length));
  return parsed.success ? parsed.data : undefined;
}
