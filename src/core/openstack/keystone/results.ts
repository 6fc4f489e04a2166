import * as z from 'zod';

/** Keystone v3 response shapes we rely on (api-ref identity v3). Unknown fields pass through. */

const NamedRef = z.object({ id: z.string(), name: z.string().optional() });

export const CatalogEndpointSchema = z.object({
  id: z.string().optional(),
  interface: z.string(),
  region: z.string().nullish(),
  region_id: z.string().nullish(),
  url: z.string(),
});

export const CatalogServiceSchema = z.object({
  id: z.string().optional(),
  type: z.string(),
  name: z.string().optional(),
  endpoints: z.array(CatalogEndpointSchema),
});
export type CatalogService = z.infer<typeof CatalogServiceSchema>;

export const TokenBodySchema = z.object({
  token: z.object({
    expires_at: z.string(),
    issued_at: z.string().optional(),
    methods: z.array(z.string()).default([]),
    user: NamedRef.extend({ domain: NamedRef.optional() }),
    project: NamedRef.extend({ domain: NamedRef.optional() }).optional(),
    roles: z.array(NamedRef).optional(),
    catalog: z.array(CatalogServiceSchema).optional(),
    application_credential: z.object({ id: z.string(), name: z.string().optional(), restricted: z.boolean().optional() }).optional(),
  }),
});

// Built at their first parse (z.lazy): only `cloud update` and the app manage application credentials,
// and every schema built as a module loads is in the cloud commands' start-up blob
// (src/core/cli/cloud-schemas-built.test.ts).
export const ApplicationCredentialSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullish(),
    project_id: z.string().optional(),
    expires_at: z.string().nullish(),
    unrestricted: z.boolean().nullish(),
    secret: z.string().optional(),
    roles: z.array(NamedRef).optional(),
  }),
);
export type ApplicationCredentialRecord = z.infer<typeof ApplicationCredentialSchema>;

export const ApplicationCredentialBodySchema = z.lazy(() => z.object({ application_credential: ApplicationCredentialSchema }));
export const ApplicationCredentialListSchema = z.lazy(() => z.object({ application_credentials: z.array(ApplicationCredentialSchema) }));

/** Keystone's error body: {"error": {"code", "title", "message"}}. */
export const KeystoneErrorSchema = z.object({
  error: z.object({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional() }),
});

export function isKeystoneError(text: string): boolean {
  try {
    return KeystoneErrorSchema.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
}

export function keystoneMessage(text: string): string {
  try {
    const parsed = KeystoneErrorSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.error.message || parsed.data.error.title || '';
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.trim().slice(0, 300);
}

/** Keystone writes microseconds ("2025-01-01T10:00:00.000000Z"); keep what Date.parse reads everywhere. */
export function parseKeystoneTime(value: string): number {
  const normalised = value.replace(/(\.\d{3})\d+/, '$1');
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(normalised) ? normalised : `${normalised}Z`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) throw new Error(`unreadable Keystone time "${value}"`);
  return ms;
}
