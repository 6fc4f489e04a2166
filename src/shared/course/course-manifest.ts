import * as z from 'zod';
import { COURSE_DEFAULTS } from './course-defaults';
import { ConnectionInput, type Connection } from './lab-connections';
import { BundlePath, ConnectionName, HEAT_NAME_PATTERN, duration, optionalDuration } from './manifest-fields';
import { ServiceInput, ServiceName, resolveService, type LabService } from './lab-services';

export type { Connection, RdpConnection, SshConnection } from './lab-connections';
export { CONNECTION_NAME_PATTERN, HEAT_NAME_PATTERN, isBundlePath, type ValueSource } from './manifest-fields';
import type { CloudRates } from '../openstack/cloud-summary';
import { RatesInput } from '../labs/lab-rates';

/**
 * The schema of `course.yaml`, the one file at the root of a course bundle.
 * The input side is what an author writes by hand (docs/course-format.md); the output side is the
 * same tree with every default filled in, which the lab engine, the library and the UI read.
 * Keys stay snake_case on both sides so the docs, the file and the code use the same names.
 */

/** A course id becomes part of Heat stack names, so it stays short and DNS-like. */
export const COURSE_ID_PATTERN = /^[a-z][a-z0-9-]{1,62}$/;
export const STEP_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
// semver.org's recommended pattern (https://semver.org/#is-there-a-suggested-regular-expression-regex-to-check-a-semver-string)
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export { COURSE_DEFAULTS } from './course-defaults';

/** The template parameter Lab Console fills with the course id (hastexo's contract). */
export const RUN_PARAMETER = 'run';

/** `before_suspend: hooks/save.sh` or the long form with the connection and a timeout. */
const HookInput = z.union(
  [
    BundlePath.transform((script) => ({ script, connection: undefined, timeout: COURSE_DEFAULTS.hook_timeout })),
    z.strictObject({
      script: BundlePath,
      connection: ConnectionName.optional(),
      timeout: duration(COURSE_DEFAULTS.hook_timeout),
    }),
  ],
  { error: 'expected a script path or {script: PATH, connection: NAME, timeout: DURATION}' },
);

const TimeoutsInput = z.strictObject({
  launch_timeout: duration(COURSE_DEFAULTS.launch_timeout),
  suspend_timeout: duration(COURSE_DEFAULTS.suspend_timeout),
  max_session: optionalDuration(COURSE_DEFAULTS.max_session),
  delete_age: optionalDuration(COURSE_DEFAULTS.delete_age),
  /** How many times the learner may lengthen one session by `extension` (one click each). */
  max_extensions: z.number().int('must be a whole number').min(0, 'must be 0–20').max(20, 'must be 0–20').optional(),
  extension: duration(COURSE_DEFAULTS.extension),
});

const HooksInput = z.strictObject({
  before_suspend: HookInput.optional(),
  after_resume: HookInput.optional(),
  before_delete: HookInput.optional(),
});

const TabTitle = z.string().trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters');

/**
 * A Lab screen tab the course opens first: `terminal`, `{connection: terminal, title: Logs}`, or a
 * web console `{service: Dashboard}`.
 */
const TabInput = z.union(
  [
    ConnectionName.transform((connection) => ({ connection, service: undefined, title: undefined })),
    z
      .strictObject({ connection: ConnectionName.optional(), service: ServiceName.optional(), title: TabTitle.optional() })
      .superRefine((tab, ctx) => {
        if ((tab.connection === undefined) === (tab.service === undefined))
          ctx.addIssue({ code: 'custom', message: 'name either a connection or a service' });
      }),
  ],
  { error: 'expected a connection name, {connection: NAME, title: TEXT} or {service: NAME, title: TEXT}' },
);

const ParameterValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);

/**
 * A cloud the course prefers, by the name the learner gave it, with the template and environment
 * to use there (hastexo's providers). A learner without a cloud of that name uses their own order.
 */
const ProviderInput = z.strictObject({
  cloud: z.string().trim().min(1, 'must name a cloud'),
  template: BundlePath.optional(),
  environment: BundlePath.optional(),
  /** What a lab costs on this cloud; before the cloud's own rates. */
  rates: RatesInput.optional(),
});

const LabInput = z.strictObject({
  template: BundlePath,
  environment: BundlePath.optional(),
  providers: z.array(ProviderInput).optional(),
  /** The lab cannot run in this version of Lab Console; launching says this text instead. */
  refuse_launch: z.string().trim().min(1, 'must say why').optional(),
  parameters: z.record(z.string().regex(HEAT_NAME_PATTERN, 'must be a Heat parameter name'), ParameterValue).optional(),
  connections: z.array(ConnectionInput).min(1, 'a lab needs at least one connection'),
  timeouts: TimeoutsInput.optional(),
  hooks: HooksInput.optional(),
  services: z.array(ServiceInput).max(12, 'at most 12 services').optional(),
  tabs: z.array(TabInput).min(1, 'list at least one tab, or leave tabs out').max(12, 'at most 12 tabs open first').optional(),
});

const HintText = z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters');

/** A check script, or `{script: PATH, hints: [TEXT, …]}`: hints the learner reveals one at a time. */
const CheckInput = z.union(
  [
    BundlePath.transform((script) => ({ script, hints: [] as string[] })),
    z
      .strictObject({
        script: BundlePath,
        hints: z.array(HintText).min(1, 'list at least one hint').max(10, 'at most 10 hints').optional(),
      })
      .transform((check) => ({ script: check.script, hints: check.hints ?? [] })),
  ],
  { error: 'expected a script path or {script: PATH, hints: [TEXT, …]}' },
);

const StepInput = z.strictObject({
  id: z.string().regex(STEP_ID_PATTERN, 'must be lower-case letters, digits, "-" or "_" (max 64); keep it stable across versions'),
  title: z.string().trim().min(1, 'must not be empty'),
  file: BundlePath,
  images: z.array(BundlePath).optional(),
  checks: z.array(CheckInput).optional(),
  check_timeout: duration(COURSE_DEFAULTS.check_timeout),
  check_connection: ConnectionName.optional(),
  /** A script that does the step for the learner, after they confirm; the step then counts as solved, not done. */
  solve: BundlePath.optional(),
  check_display: z
    .strictObject({
      button: z.string().trim().min(1, 'must not be empty').max(40, 'at most 40 characters').optional(),
      heading: z.string().trim().min(1, 'must not be empty').max(120, 'at most 120 characters').optional(),
      score: z.boolean().optional(),
      hints: z.boolean().optional(),
    })
    .optional(),
});

export const CourseManifestInput = z.strictObject({
  id: z
    .string()
    .regex(
      COURSE_ID_PATTERN,
      'must be 2–63 lower-case letters, digits or "-", starting with a letter (it becomes part of Heat stack names)',
    ),
  title: z.string().trim().min(1, 'must not be empty'),
  version: z.string().regex(SEMVER_PATTERN, 'must be a semantic version such as "1.0.0"'),
  description: z.string().optional(),
  authors: z.array(z.string().min(1)).optional(),
  lab: LabInput.optional(),
  steps: z.array(StepInput).min(1, 'a course needs at least one step'),
});

export interface Hook {
  readonly script: string;
  readonly connection: string;
  readonly timeout: number;
}

export interface Step {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly images: readonly string[];
  readonly checks: readonly string[];
  /** The checks' hints, in check order: the learner reveals them one at a time. */
  readonly hints: readonly CheckHint[];
  /** The step's solve script; null when it has none. */
  readonly solve: StepSolve | null;
  /** Seconds each check script may run. */
  readonly check_timeout: number;
  /** The ssh connection the checks run on; null when the step has no checks. */
  readonly check_connection: string | null;
  /** How the step's check result shows (hastexo's progress check settings); absent = the usual way. */
  readonly check_display?: CheckDisplay;
}

export interface CheckHint {
  /** The check script it helps with. */
  readonly check: string;
  readonly text: string;
}

export interface StepSolve {
  readonly script: string;
  /** The ssh connection it runs on: the step's check connection, else the lab's first ssh connection. */
  readonly connection: string;
  /** Seconds it may run. */
  readonly timeout: number;
}

export interface CheckDisplay {
  /** The button's label; default "Check". */
  readonly button: string | null;
  /** A line heading the result, e.g. "Answer Submitted". */
  readonly heading: string | null;
  /** Show how many checks passed, and which. False: only that the checks ran (and the heading). */
  readonly score: boolean;
  /** Show a failing check's stderr as its hint (never when score is false). */
  readonly hints: boolean;
}

export interface Timeouts {
  readonly launch_timeout: number;
  readonly suspend_timeout: number;
  readonly max_session: number | null;
  readonly delete_age: number | null;
  /** Extensions of max_session one session may take (0: none). */
  readonly max_extensions: number;
  /** Seconds each extension adds to the session. */
  readonly extension: number;
}

export interface LabProvider {
  readonly cloud: string;
  readonly template: string | null;
  readonly environment: string | null;
  /** The course's rates on this cloud, when it gives them. */
  readonly rates?: CloudRates;
}

/** A tab the Lab screen opens first; `title` null: the connection's (or service's) name. */
export interface LabTab {
  /** The connection it opens, or the ssh connection a service tab reaches its service through. */
  readonly connection: string;
  readonly title: string | null;
  /** Set for a web console: the service it shows (`lab.services[].name`). */
  readonly service?: string;
}

export interface Lab {
  readonly template: string;
  readonly environment: string | null;
  /** Clouds the course prefers, in order, each with its own template/environment; absent = none. */
  readonly providers?: readonly LabProvider[];
  /** Why this lab may not be launched in this version of Lab Console; absent = it may. */
  readonly refuse_launch?: string;
  /** Parameters from course.yaml; `run` is added at launch (see stackParameters). */
  readonly parameters: Readonly<Record<string, string | number | boolean | readonly (string | number)[]>>;
  readonly connections: readonly Connection[];
  readonly timeouts: Timeouts;
  readonly hooks: {
    readonly before_suspend: Hook | null;
    readonly after_resume: Hook | null;
    readonly before_delete: Hook | null;
  };
  /** The lab's web consoles (`lab.services`); empty when it has none. */
  readonly services: readonly LabService[];
  /** The Lab screen's first tabs, in order (default: one per connection, then one per service); the learner's own arrangement replaces them. */
  readonly tabs: readonly LabTab[];
}

export interface CourseManifest {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly description: string;
  readonly authors: readonly string[];
  readonly lab: Lab | null;
  readonly steps: readonly Step[];
}

type LabParsed = z.output<typeof LabInput>;
type HookParsed = z.output<typeof HookInput>;

function firstSshName(connections: readonly Connection[]): string | undefined {
  return connections.find((c) => c.protocol === 'ssh')?.name;
}

function resolveHook(hook: HookParsed | undefined, connections: readonly Connection[]): Hook | null {
  if (!hook) return null;
  return { script: hook.script, connection: hook.connection ?? firstSshName(connections) ?? '', timeout: hook.timeout };
}

type TabParsed = NonNullable<LabParsed['tabs']>[number];

function resolveTabs(
  tabs: readonly TabParsed[] | undefined,
  connections: readonly Connection[],
  services: readonly LabService[],
): LabTab[] {
  if (!tabs) {
    return [
      ...connections.map((c) => ({ connection: c.name, title: null })),
      ...services.map((s) => ({ connection: s.connection, title: null, service: s.name })),
    ];
  }
  return tabs.flatMap((tab): LabTab[] => {
    if (tab.connection !== undefined) return [{ connection: tab.connection, title: tab.title ?? null }];
    // A tab naming a service the lab does not have is the validator's to report.
    const service = services.find((s) => s.name === tab.service);
    return service ? [{ connection: service.connection, title: tab.title ?? null, service: service.name }] : [];
  });
}

function resolveLab(lab: LabParsed): Lab {
  const services = (lab.services ?? []).map((s) => resolveService(s, firstSshName(lab.connections)));
  return {
    template: lab.template,
    environment: lab.environment ?? null,
    ...(lab.providers?.length
      ? {
          providers: lab.providers.map((p) => ({
            cloud: p.cloud,
            template: p.template ?? null,
            environment: p.environment ?? null,
            ...(p.rates ? { rates: p.rates } : {}),
          })),
        }
      : {}),
    ...(lab.refuse_launch ? { refuse_launch: lab.refuse_launch } : {}),
    parameters: lab.parameters ?? {},
    connections: lab.connections,
    timeouts: {
      launch_timeout: lab.timeouts?.launch_timeout ?? COURSE_DEFAULTS.launch_timeout,
      suspend_timeout: lab.timeouts?.suspend_timeout ?? COURSE_DEFAULTS.suspend_timeout,
      max_session: lab.timeouts ? lab.timeouts.max_session : COURSE_DEFAULTS.max_session,
      delete_age: lab.timeouts ? lab.timeouts.delete_age : COURSE_DEFAULTS.delete_age,
      max_extensions: lab.timeouts?.max_extensions ?? COURSE_DEFAULTS.max_extensions,
      extension: lab.timeouts?.extension ?? COURSE_DEFAULTS.extension,
    },
    hooks: {
      before_suspend: resolveHook(lab.hooks?.before_suspend, lab.connections),
      after_resume: resolveHook(lab.hooks?.after_resume, lab.connections),
      before_delete: resolveHook(lab.hooks?.before_delete, lab.connections),
    },
    services,
    tabs: resolveTabs(lab.tabs, lab.connections, services),
  };
}

/**
 * Shape and defaults only. Checks across fields and files (names that must exist, duplicate ids,
 * referenced files, the template's outputs) are the validator's job in src/core/courses.
 */
export const CourseManifestSchema = CourseManifestInput.transform((input): CourseManifest => {
  const lab = input.lab ? resolveLab(input.lab) : null;
  const defaultCheckConnection = lab ? (firstSshName(lab.connections) ?? null) : null;
  return {
    id: input.id,
    title: input.title,
    version: input.version,
    description: input.description?.trim() ?? '',
    authors: input.authors ?? [],
    lab,
    steps: input.steps.map((step) => {
      const checks = step.checks ?? [];
      const stepConnection = step.check_connection ?? defaultCheckConnection;
      return {
        id: step.id,
        title: step.title,
        file: step.file,
        images: step.images ?? [],
        checks: checks.map((check) => check.script),
        hints: checks.flatMap((check) => check.hints.map((text) => ({ check: check.script, text }))),
        solve: step.solve ? { script: step.solve, connection: stepConnection ?? '', timeout: COURSE_DEFAULTS.solve_timeout } : null,
        check_timeout: step.check_timeout,
        check_connection: checks.length > 0 ? stepConnection : null,
        ...(step.check_display
          ? {
              check_display: {
                button: step.check_display.button ?? null,
                heading: step.check_display.heading ?? null,
                score: step.check_display.score ?? true,
                hints: (step.check_display.score ?? true) && (step.check_display.hints ?? true),
              },
            }
          : {}),
      };
    }),
  };
});

/** The parameters sent to Heat: the course's, plus `run` set to the course id as hastexo did. */
export function stackParameters(manifest: CourseManifest): Record<string, unknown> {
  return { ...(manifest.lab?.parameters ?? {}), [RUN_PARAMETER]: manifest.id };
}
