import { z } from 'zod';
import type { CloudRates } from '../openstack/cloud-summary';
import { RatesInput } from '../labs/lab-rates';
import { parseDuration } from './duration';

/**
 * The schema of `course.yaml`, the one file at the root of a course bundle.
 * The input side is what an author writes by hand (docs/course-format.md); the output side is the
 * same tree with every default filled in, which the lab engine, the library and the UI read.
 * Keys stay snake_case on both sides so the docs, the file and the code use the same names.
 */

/** A course id becomes part of Heat stack names, so it stays short and DNS-like. */
export const COURSE_ID_PATTERN = /^[a-z][a-z0-9-]{1,62}$/;
export const STEP_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const CONNECTION_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
/** Heat output and parameter names: letters, digits, "_" and "-". */
export const HEAT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/;
// semver.org's recommended pattern (https://semver.org/#is-there-a-suggested-regular-expression-regex-to-check-a-semver-string)
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Defaults, in seconds, taken from hastexo-xblock so existing courses behave the same. */
export const COURSE_DEFAULTS = {
  launch_timeout: 15 * 60,
  suspend_timeout: 2 * 60,
  max_session: null,
  delete_age: 14 * 86_400,
  check_timeout: 60,
  hook_timeout: 5 * 60,
  ssh_port: 22,
  rdp_port: 3389,
  host_output: 'public_ip',
  private_key_output: 'private_key',
  password_output: 'password',
} as const;

/** The template parameter Lab Console fills with the course id (hastexo's contract). */
export const RUN_PARAMETER = 'run';

/** True for a path an author may write: relative, "/"-separated, never leaving the bundle. */
export function isBundlePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

const BundlePath = z
  .string()
  .refine(
    isBundlePath,
    'must be a path inside the bundle, relative to course.yaml, e.g. "steps/01-intro.md" (no "..", no leading "/", "/" as separator)',
  );

const HeatName = z.string().regex(HEAT_NAME_PATTERN, 'must be a Heat output name (letters, digits, "_", "-", ".")');

const ConnectionName = z
  .string()
  .regex(CONNECTION_NAME_PATTERN, 'must be lower-case letters, digits, "-" or "_", starting with a letter (max 32)');

/** Where a connection value comes from: a stack output, or a literal written in course.yaml. */
export type ValueSource =
  | { readonly from: 'output'; readonly output: string; readonly required: boolean }
  | { readonly from: 'literal'; readonly value: string | number };

const OutputRef = z.strictObject({ output: HeatName });

function outputSource(output: string, required: boolean): ValueSource {
  return { from: 'output', output, required };
}

/** `{output: NAME}` or a literal; `port: 2222` and `port: {output: ssh_port}` both read naturally. */
function valueSource(literal: z.ZodType<string | number>, expected: string) {
  return z
    .union([OutputRef, literal], { error: `expected ${expected} or {output: NAME}` })
    .transform((value): ValueSource => (typeof value === 'object' ? outputSource(value.output, true) : { from: 'literal', value }));
}

const HostSource = valueSource(z.string().min(1, 'must not be empty'), 'a host name or address');
const PortSource = valueSource(
  z.number().int('must be a whole number').min(1, 'must be 1–65535').max(65_535, 'must be 1–65535'),
  'a port number (e.g. 2222)',
);
const TextSource = valueSource(z.string().min(1, 'must not be empty'), 'a text');
/** Secrets come from the stack only: a bundle is shared with every learner. */
const SecretSource = OutputRef.transform((value): ValueSource => outputSource(value.output, true));

function duration(defaultSeconds: number) {
  return z
    .union([z.string(), z.number()])
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return defaultSeconds;
      const seconds = parseDuration(value);
      if (seconds === undefined || seconds === 0) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as "90s", "15m", "2h", "14d" or "1h30m"' });
        return z.NEVER;
      }
      return seconds;
    });
}

/** A duration that may also be switched off with `none`. */
function optionalDuration(defaultSeconds: number | null) {
  return z
    .union([z.string(), z.number(), z.null()])
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return defaultSeconds;
      if (value === null || value === 'none') return null;
      const seconds = parseDuration(value);
      if (seconds === undefined || seconds === 0) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as "4h" or "14d", or none' });
        return z.NEVER;
      }
      return seconds;
    });
}

const SshConnectionInput = z.strictObject({
  name: ConnectionName,
  protocol: z.literal('ssh'),
  host: HostSource.optional(),
  port: PortSource.optional(),
  user: TextSource,
  private_key: SecretSource.optional(),
  password: SecretSource.optional(),
  host_key_fingerprint: TextSource.optional(),
  jump: ConnectionName.optional(),
  read_only: z.boolean().optional(),
});

const RdpConnectionInput = z.strictObject({
  name: ConnectionName,
  protocol: z.literal('rdp'),
  host: HostSource.optional(),
  port: PortSource.optional(),
  user: TextSource,
  password: SecretSource.optional(),
  rdp_cert_sha256: TextSource.optional(),
  jump: ConnectionName.optional(),
  read_only: z.boolean().optional(),
});

export interface SshConnection {
  readonly name: string;
  readonly protocol: 'ssh';
  readonly host: ValueSource;
  readonly port: ValueSource;
  readonly user: ValueSource;
  /** Default: output `private_key` if the stack has it. */
  readonly private_key: ValueSource;
  /** Default: output `password` if the stack has it. */
  readonly password: ValueSource;
  readonly host_key_fingerprint: ValueSource | null;
  /** Another ssh connection of this course to tunnel through (reach inner hosts via the first). */
  readonly jump: string | null;
  /** The learner sees the lab but cannot type into it (hastexo's read_only); absent = false. */
  readonly read_only?: true;
}

export interface RdpConnection {
  readonly name: string;
  readonly protocol: 'rdp';
  readonly host: ValueSource;
  readonly port: ValueSource;
  readonly user: ValueSource;
  readonly password: ValueSource;
  readonly rdp_cert_sha256: ValueSource | null;
  readonly jump: string | null;
  readonly read_only?: true;
}

export type Connection = SshConnection | RdpConnection;

const ConnectionInput = z.discriminatedUnion('protocol', [SshConnectionInput, RdpConnectionInput]).transform((c): Connection => {
  const host = c.host ?? outputSource(COURSE_DEFAULTS.host_output, true);
  const password = c.password ?? outputSource(COURSE_DEFAULTS.password_output, false);
  if (c.protocol === 'ssh') {
    return {
      name: c.name,
      protocol: 'ssh',
      host,
      port: c.port ?? { from: 'literal', value: COURSE_DEFAULTS.ssh_port },
      user: c.user,
      private_key: c.private_key ?? outputSource(COURSE_DEFAULTS.private_key_output, false),
      password,
      host_key_fingerprint: c.host_key_fingerprint ?? null,
      jump: c.jump ?? null,
      ...(c.read_only ? { read_only: true as const } : {}),
    };
  }
  return {
    name: c.name,
    protocol: 'rdp',
    host,
    port: c.port ?? { from: 'literal', value: COURSE_DEFAULTS.rdp_port },
    user: c.user,
    password,
    rdp_cert_sha256: c.rdp_cert_sha256 ?? null,
    jump: c.jump ?? null,
    ...(c.read_only ? { read_only: true as const } : {}),
  };
});

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
});

const HooksInput = z.strictObject({
  before_suspend: HookInput.optional(),
  after_resume: HookInput.optional(),
  before_delete: HookInput.optional(),
});

/** A Lab screen tab the course opens first: `terminal`, or `{connection: terminal, title: Logs}`. */
const TabInput = z.union(
  [
    ConnectionName.transform((connection) => ({ connection, title: undefined })),
    z.strictObject({
      connection: ConnectionName,
      title: z.string().trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters').optional(),
    }),
  ],
  { error: 'expected a connection name or {connection: NAME, title: TEXT}' },
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
  tabs: z.array(TabInput).min(1, 'list at least one tab, or leave tabs out').max(12, 'at most 12 tabs open first').optional(),
});

const StepInput = z.strictObject({
  id: z.string().regex(STEP_ID_PATTERN, 'must be lower-case letters, digits, "-" or "_" (max 64); keep it stable across versions'),
  title: z.string().trim().min(1, 'must not be empty'),
  file: BundlePath,
  images: z.array(BundlePath).optional(),
  checks: z.array(BundlePath).optional(),
  check_timeout: duration(COURSE_DEFAULTS.check_timeout),
  check_connection: ConnectionName.optional(),
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
  /** Seconds each check script may run. */
  readonly check_timeout: number;
  /** The ssh connection the checks run on; null when the step has no checks. */
  readonly check_connection: string | null;
  /** How the step's check result shows (hastexo's progress check settings); absent = the usual way. */
  readonly check_display?: CheckDisplay;
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
}

export interface LabProvider {
  readonly cloud: string;
  readonly template: string | null;
  readonly environment: string | null;
  /** The course's rates on this cloud, when it gives them. */
  readonly rates?: CloudRates;
}

/** A tab the Lab screen opens first; `title` null: the connection's name. */
export interface LabTab {
  readonly connection: string;
  readonly title: string | null;
}

export interface Lab {
  readonly template: string;
  readonly environment: string | null;
  /** Clouds the course prefers, in order, each with its own template/environment; absent = none. */
  readonly providers?: readonly LabProvider[];
  /** Why this lab may not be launched (e.g. a VNC lab before Lab Console speaks VNC); absent = it may. */
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
  /** The Lab screen's first tabs, in order (default: one per connection); the learner's own arrangement replaces them. */
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

function resolveLab(lab: LabParsed): Lab {
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
    },
    hooks: {
      before_suspend: resolveHook(lab.hooks?.before_suspend, lab.connections),
      after_resume: resolveHook(lab.hooks?.after_resume, lab.connections),
      before_delete: resolveHook(lab.hooks?.before_delete, lab.connections),
    },
    tabs: lab.tabs
      ? lab.tabs.map((tab) => ({ connection: tab.connection, title: tab.title ?? null }))
      : lab.connections.map((c) => ({ connection: c.name, title: null })),
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
      return {
        id: step.id,
        title: step.title,
        file: step.file,
        images: step.images ?? [],
        checks,
        check_timeout: step.check_timeout,
        check_connection: checks.length > 0 ? (step.check_connection ?? defaultCheckConnection) : null,
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
