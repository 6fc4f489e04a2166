import * as z from 'zod';
import { EndpointInterfaceSchema } from './cloud-summary';

/** Result of `lab-console cloud check`: auth, catalog and Heat reachability of one cloud. */
export const CloudCheckResultSchema = z.object({
  cloud: z.string(),
  authUrl: z.string(),
  user: z.string(),
  project: z.string(),
  region: z.string().optional(),
  interface: EndpointInterfaceSchema,
  endpoints: z.object({
    identity: z.string(),
    orchestration: z.string().optional(),
  }),
  /** ISO 8601. */
  tokenExpiresAt: z.string(),
  heatReachable: z.boolean(),
  /** Why Heat could not be reached, when it could not. */
  heatProblem: z.string().optional(),
  /** Milliseconds for the whole check. */
  elapsed: z.number().nonnegative(),
});
export type CloudCheckResult = z.infer<typeof CloudCheckResultSchema>;
