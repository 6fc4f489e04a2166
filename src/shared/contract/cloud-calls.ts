import * as z from 'zod';
import { SetRatesInput } from '../labs/rates-edit';
import { CloudCheckResultSchema } from '../openstack/cloud-check';
import { CloudProblemKind } from '../openstack/cloud-health';
import { CloudRatesSchema, CloudSourceSchema } from '../openstack/cloud-summary';
import { LabCloudEntry } from './settings';

/**
 * The calls of Settings › Clouds (spread into contract.ts): clouds added in the app, their check,
 * the default cloud and the provider fallback order. No call ever answers with a secret.
 */

/** A name the user types and reads back in lists and errors; safe as a secret-store key part. */
export const CloudName = z
  .string()
  .trim()
  .min(1, 'Give the cloud a name.')
  .max(64, 'At most 64 characters.')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Letters, digits, ".", "_" and "-" only, starting with a letter or digit.');

const AuthUrl = z
  .string()
  .trim()
  .url('Enter the Keystone URL, e.g. https://keystone.example.org:5000/v3.')
  .refine((u) => /^https?:\/\//i.test(u), 'The auth URL must start with http:// or https://.');

const Region = z.string().trim().min(1).max(255).optional();

/** How a cloud logs in, as the Settings screen names it. */
export const CloudKind = z.enum(['password', 'app-credential', 'token']);
export type CloudKind = z.infer<typeof CloudKind>;

export const CloudEntry = z.object({
  name: z.string(),
  source: CloudSourceSchema,
  /** The clouds.yaml that defines it (source "clouds.yaml"). */
  file: z.string().optional(),
  authUrl: z.string(),
  kind: CloudKind,
  user: z.string().optional(),
  project: z.string().optional(),
  region: z.string().optional(),
  isDefault: z.boolean(),
  /** 1-based place in the provider fallback order; absent when labs do not use this cloud in order. */
  order: z.number().int().positive().optional(),
  /** Labs this cloud may run: 0 off, -1 unlimited, N at most N. */
  capacity: z.number().int().min(-1),
  /** Only clouds added in the app can be removed here; the others live in clouds.yaml or OS_*. */
  removable: z.boolean(),
  /** Why the cloud cannot be used as configured (bad field, missing secret). */
  problem: z.string().optional(),
  /** The cloud's own lab rates (clouds.yaml's lab_console.rates, or Settings › Clouds for a cloud added in the app). */
  rates: CloudRatesSchema.optional(),
});
export type CloudEntry = z.infer<typeof CloudEntry>;

export const CloudListing = z.object({
  clouds: z.array(CloudEntry),
  defaultCloud: z.string().optional(),
  /** The provider fallback order labs use (first cloud tried first). */
  order: z.array(LabCloudEntry),
  /** Set when LAB_CONSOLE_LAB_CLOUDS overrides the order of Settings: its value. */
  orderOverride: z.string().optional(),
  /** A clouds.yaml on disk that could not be read: its problem (file and line). */
  filesProblem: z.string().optional(),
});
export type CloudListing = z.infer<typeof CloudListing>;

export const CloudsYamlInput = z
  .object({
    /** Text of a clouds.yaml (or .json). */
    cloudsYaml: z.string().min(1, 'Paste or pick a clouds.yaml.').max(1_000_000),
    /** Text of the matching secure.yaml, when the secrets are kept apart. */
    secureYaml: z.string().max(1_000_000).optional(),
  })
  .strict();

export const AddCloudInput = z.discriminatedUnion('kind', [
  CloudsYamlInput.extend({
    kind: z.literal('clouds-yaml'),
    /** The clouds of the file to import; all of them when absent. */
    names: z.array(z.string().min(1)).min(1, 'Pick at least one cloud to import.').optional(),
    /**
     * Keep them without signing in first: only when the learner chose to after a test failed (a
     * cloud reachable only from elsewhere). Otherwise each is tested and those that fail are not kept.
     */
    untested: z.boolean().optional(),
  }).strict(),
  z
    .object({
      kind: z.literal('app-credential'),
      name: CloudName,
      authUrl: AuthUrl,
      applicationCredentialId: z.string().trim().min(1, 'Enter the application credential ID.'),
      applicationCredentialSecret: z.string().min(1, 'Enter the application credential secret.'),
      regionName: Region,
    })
    .strict(),
  z
    .object({
      kind: z.literal('password'),
      name: CloudName,
      authUrl: AuthUrl,
      username: z.string().trim().min(1, 'Enter the user name.'),
      password: z.string().min(1, 'Enter the password.'),
      projectName: z.string().trim().min(1, 'Enter the project name.'),
      userDomainName: z.string().trim().min(1).default('Default'),
      projectDomainName: z.string().trim().min(1).default('Default'),
      regionName: Region,
    })
    .strict(),
]);
export type AddCloudInput = z.input<typeof AddCloudInput>;

/**
 * A new secret (and, with it, the fields that go with it) for a cloud added in the app: a rotated
 * password, a new application credential. Tested like a new cloud; the old one stays until it works.
 */
export const UpdateCloudInput = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('password'),
      name: z.string().min(1),
      password: z.string().min(1, 'Enter the new password.'),
      username: z.string().trim().min(1).optional(),
      projectName: z.string().trim().min(1).optional(),
      userDomainName: z.string().trim().min(1).optional(),
      projectDomainName: z.string().trim().min(1).optional(),
      authUrl: AuthUrl.optional(),
      regionName: Region,
    })
    .strict(),
  z
    .object({
      kind: z.literal('app-credential'),
      name: z.string().min(1),
      applicationCredentialId: z.string().trim().min(1, 'Enter the application credential ID.'),
      applicationCredentialSecret: z.string().min(1, 'Enter the application credential secret.'),
      authUrl: AuthUrl.optional(),
      regionName: Region,
    })
    .strict(),
]);
export type UpdateCloudInput = z.input<typeof UpdateCloudInput>;

/** A cloud that did not sign in or reach Heat when tested before it was kept. */
export const CloudTrialFailure = z.object({
  name: z.string(),
  /** What kind of trouble, when the client could tell. */
  problem: CloudProblemKind.nullable(),
  message: z.string(),
});
export type CloudTrialFailure = z.infer<typeof CloudTrialFailure>;

/** One cloud found in a clouds.yaml, before import. */
export const CloudsYamlCloud = z.object({
  name: z.string(),
  kind: CloudKind.optional(),
  authUrl: z.string().optional(),
  /** Set when it cannot be imported as it stands (names the field and line). */
  problem: z.string().optional(),
  /** A cloud of that name exists already. */
  exists: z.boolean(),
});
export type CloudsYamlCloud = z.infer<typeof CloudsYamlCloud>;

const ByName = z.object({ name: z.string().min(1) }).strict();

export const cloudCalls = {
  'clouds.list': { input: z.object({}).strict(), output: CloudListing },
  /** Reads a clouds.yaml's text without saving anything: which clouds it holds and what is wrong. */
  'clouds.inspectYaml': { input: CloudsYamlInput, output: z.object({ clouds: z.array(CloudsYamlCloud) }) },
  'clouds.add': {
    input: AddCloudInput,
    output: CloudListing.extend({
      added: z.array(z.string()),
      /** Parts of the source the app cannot keep (e.g. endpoint overrides), said plainly. */
      warnings: z.array(z.string()),
      /** Clouds of a clouds.yaml that failed their test: not kept. */
      failed: z.array(CloudTrialFailure).default([]),
    }),
  },
  /** Replaces a cloud's secret (and its login fields) in place, once the new one signs in and reaches Heat. */
  'clouds.update': { input: UpdateCloudInput, output: CloudListing },
  /** What `lab-console cloud check` does: log in, read the catalog, ask Heat. */
  'clouds.check': { input: ByName, output: CloudCheckResultSchema },
  'clouds.remove': { input: ByName, output: CloudListing },
  'clouds.setDefault': { input: ByName, output: CloudListing },
  /** The hourly rates of a cloud added in the app (null: none); the learner's and instructor's cost read them at once. */
  'clouds.setRates': { input: SetRatesInput, output: CloudListing },
  /** The provider fallback order and each cloud's capacity; an empty list means "the default cloud". */
  'clouds.setOrder': {
    input: z
      .object({
        order: z
          .array(LabCloudEntry)
          .refine((list) => new Set(list.map((e) => e.name)).size === list.length, 'A cloud appears twice in the order.'),
      })
      .strict(),
    output: CloudListing,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
