import * as z from 'zod';

/** Where a cloud's configuration came from. */
export const CloudSourceSchema = z.enum(['clouds.yaml', 'environment', 'app']);
export type CloudSource = z.infer<typeof CloudSourceSchema>;

export const AuthTypeSchema = z.enum(['password', 'v3applicationcredential', 'token']);
export type AuthType = z.infer<typeof AuthTypeSchema>;

export const EndpointInterfaceSchema = z.enum(['public', 'internal', 'admin']);
export type EndpointInterface = z.infer<typeof EndpointInterfaceSchema>;

/** Hourly price of one server of a flavor, running and suspended (a suspended server still pays for its disk). */
export const FlavorRatesSchema = z.object({
  runningPerHour: z.number().nonnegative(),
  suspendedPerHour: z.number().nonnegative(),
});
export type FlavorRates = z.infer<typeof FlavorRatesSchema>;

/**
 * Hourly price of a lab on one cloud, shown to learners and instructors. With `flavors`, a lab
 * whose servers all have a listed flavor costs the sum of its servers' rates; any other lab costs
 * the lab rate. `flavorParameter` names the template parameter that holds the flavor when no
 * resource of the template says it (default "flavor").
 */
export const CloudRatesSchema = z.object({
  runningPerHour: z.number().nonnegative(),
  suspendedPerHour: z.number().nonnegative(),
  currency: z.string().min(1),
  flavors: z.record(z.string(), FlavorRatesSchema).optional(),
  flavorParameter: z.string().optional(),
});
export type CloudRates = z.infer<typeof CloudRatesSchema>;

/** One cloud as `lab-console cloud list --json` and the Settings screen show it: never a secret. */
export const CloudSummarySchema = z.object({
  name: z.string(),
  source: CloudSourceSchema,
  /** The clouds.yaml that defined it (source "clouds.yaml"). */
  file: z.string().optional(),
  authUrl: z.string(),
  authType: AuthTypeSchema,
  /** User name or id; for an application credential, its name or id. */
  user: z.string().optional(),
  project: z.string().optional(),
  region: z.string().optional(),
  interface: EndpointInterfaceSchema,
  verifyTls: z.boolean(),
  isDefault: z.boolean(),
  rates: CloudRatesSchema.optional(),
  /** Labs this cloud may run: 0 off, -1 unlimited. */
  capacity: z.number().int().min(-1).optional(),
  /** Set when the cloud cannot be used as configured (bad field, missing secret). */
  problem: z.string().optional(),
});
export type CloudSummary = z.infer<typeof CloudSummarySchema>;

export const CloudListSchema = z.object({
  defaultCloud: z.string().optional(),
  clouds: z.array(CloudSummarySchema),
});
export type CloudList = z.infer<typeof CloudListSchema>;
