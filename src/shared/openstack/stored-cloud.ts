import * as z from 'zod';
import { CloudRatesSchema, EndpointInterfaceSchema } from './cloud-summary';

/**
 * A cloud added in the app, as kept in settings (plain JSON). Its secret (password or
 * application-credential secret) is never here: it lives in the SecretStore under `secretKey`.
 */
export const StoredCloudSchema = z.object({
  name: z.string().min(1),
  authUrl: z.string().url(),
  authType: z.enum(['password', 'v3applicationcredential']),
  applicationCredentialId: z.string().optional(),
  applicationCredentialName: z.string().optional(),
  username: z.string().optional(),
  userId: z.string().optional(),
  userDomainName: z.string().optional(),
  userDomainId: z.string().optional(),
  projectName: z.string().optional(),
  projectId: z.string().optional(),
  projectDomainName: z.string().optional(),
  projectDomainId: z.string().optional(),
  regionName: z.string().optional(),
  interface: EndpointInterfaceSchema.optional(),
  /** PEM text of the CA bundle that signs the cloud's certificates. */
  cacertPem: z.string().optional(),
  verify: z.boolean().optional(),
  secretKey: z.string().min(1),
  labConsole: z
    .object({
      /** An inline Heat environment mapping (image, flavor, network names of this cloud). */
      heatEnvironment: z.record(z.string(), z.unknown()).optional(),
      rates: CloudRatesSchema.optional(),
      capacity: z.number().int().min(-1).optional(),
    })
    .optional(),
});
export type StoredCloud = z.infer<typeof StoredCloudSchema>;
