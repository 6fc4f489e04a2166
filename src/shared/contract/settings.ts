import * as z from 'zod';
import { StoredCloudSchema } from '../openstack/stored-cloud';
import { NOTIFICATION_KINDS } from '../notifications/notification-rules';
import { SUPPORTED_LOCALES } from '../i18n/locales';

const NotificationKind = z.enum(NOTIFICATION_KINDS);

export const Theme = z.enum(['system', 'light', 'dark']);
export const LanguageSetting = z.enum(['system', ...SUPPORTED_LOCALES]);
export type Theme = z.infer<typeof Theme>;

/** One cloud of the provider fallback order, with the labs it may run: 0 off, -1 unlimited, N at most N. */
export const LabCloudEntry = z
  .object({
    name: z.string().min(1),
    capacity: z
      .number()
      .int('Capacity is a whole number.')
      .min(-1, 'Capacity is -1 (unlimited), 0 (off) or a number of labs.')
      .max(100_000),
  })
  .strict();
export type LabCloudEntry = z.infer<typeof LabCloudEntry>;

/** Running lab hours a learner may use; warn tells them, block refuses new launches and resumes. */
export const UsageLimitSetting = z
  .object({
    hours: z.number().positive('The limit must be more than 0 hours.').max(100_000),
    mode: z.enum(['warn', 'block']),
  })
  .strict();
export type UsageLimitSetting = z.infer<typeof UsageLimitSetting>;

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Which learner projects form the instructor's cohort, and the cloud whose credentials reach them. */
export const InstructorSetting = z
  .object({
    /** The cloud the Instructor screen uses (LAB_CONSOLE_INSTRUCTOR_CLOUD overrides it); the default cloud when absent. */
    cloud: z.string().min(1).optional(),
    /** Only learner projects tagged lc-cohort=<cohort>. */
    cohort: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[^,/]+$/, 'A cohort name has no comma or slash (it is part of a project tag).')
      .optional(),
    /** Only learner projects whose name matches this regular expression. */
    projectPattern: z.string().min(1).max(200).refine(isRegExp, 'The project name pattern is not a valid regular expression.').optional(),
    /** Requests to Keystone and Heat in flight at once while listing the cohort (default 8): lower is kinder to a busy Heat. */
    concurrency: z.number().int().min(1).max(64).optional(),
  })
  .strict();
export type InstructorSetting = z.infer<typeof InstructorSetting>;

/** User preferences kept in settings (config.json); secrets never go here. */
export const Settings = z.object({
  theme: Theme.default('system'),
  /** The UI's and the CLI's language: a shipped one, or the operating system's (default). */
  language: LanguageSetting.optional(),
  /** Fraction of the course view given to the steps pane. */
  stepsPaneRatio: z.number().min(0.2).max(0.8).default(0.42),
  terminalFontSize: z.number().int().min(8).max(32).default(14),
  defaultCloud: z.string().min(1).optional(),
  /** Provider fallback order for new labs (LAB_CONSOLE_LAB_CLOUDS overrides it). */
  labClouds: z.array(LabCloudEntry).optional(),
  usageLimit: UsageLimitSetting.optional(),
  instructor: InstructorSetting.optional(),
  /**
   * Before acting on a lab (terminal, desktop, exec, ssh, checks, status), its state is read from
   * Heat again when the app last heard of it longer ago than this (seconds; default 5): a suspend
   * or delete by an instructor is seen at once.
   */
  labStateMaxAgeSeconds: z.number().int().min(0).max(3600).optional(),
  /** Clouds added in the app; their secrets are in the SecretStore. Written only by the cloud calls. */
  clouds: z.array(StoredCloudSchema).optional(),
  /** Kinds of desktop notification the learner turned off. */
  notificationsOff: z.array(NotificationKind).optional(),
  /** Desktop app: closing the window while labs run keeps the app in the tray (default on). */
  closeToTray: z.boolean().optional(),
  /** The learner was told once that a closed window left the app in the tray. */
  trayExplained: z.boolean().optional(),
});
export type Settings = z.infer<typeof Settings>;

// The patches are built at their first parse (z.lazy): only writes read them, never `cloud check` or
// `cloud list`, and every schema built as a module loads is in the cloud commands' start-up blob
// (src/core/cli/cloud-schemas-built.test.ts).
export const SettingsPatch = z.lazy(() =>
  z
    .object({
      theme: Theme,
      language: LanguageSetting,
      stepsPaneRatio: z.number().min(0.2).max(0.8),
      terminalFontSize: z.number().int().min(8).max(32),
      defaultCloud: z.string().min(1).nullable(),
      labClouds: z.array(LabCloudEntry).nullable(),
      usageLimit: UsageLimitSetting.nullable(),
      instructor: InstructorSetting.nullable(),
      labStateMaxAgeSeconds: z.number().int().min(0).max(3600).nullable(),
      notificationsOff: z.array(NotificationKind).max(NotificationKind.options.length),
      closeToTray: z.boolean(),
      trayExplained: z.boolean(),
    })
    .partial()
    .strict(),
);
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** Settings the app itself owns: written through their own calls (which keep secrets apart), never by `settings.update`. */
export const OwnedSettingsPatch = z.lazy(() =>
  z
    .object({
      clouds: z.array(StoredCloudSchema).nullable(),
    })
    .partial()
    .strict(),
);
export type OwnedSettingsPatch = z.infer<typeof OwnedSettingsPatch>;

/** Any key a patch may set: the user's settings and those the app owns (null removes a key). */
export const AnySettingsPatch = z.lazy(() => SettingsPatch.unwrap().extend(OwnedSettingsPatch.unwrap().shape));
export type AnySettingsPatch = z.infer<typeof AnySettingsPatch>;
