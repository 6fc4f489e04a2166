import { existsSync, readFileSync } from 'node:fs';
import * as z from 'zod';
import { sandboxPaths } from './paths';

/**
 * `.sandbox/sandbox.json`: what a running sandbox offers to tests, benches and the demo.
 * Written at the end of a successful `npm run sandbox`, removed by `npm run sandbox:stop`.
 */
const userSchema = z.object({
  name: z.string(),
  password: z.string(),
  userId: z.string(),
});

export const learnerSchema = userSchema.extend({
  projectId: z.string(),
  projectName: z.string(),
});

export const sandboxStateSchema = z.object({
  version: z.literal(1),
  startedAt: z.string(),
  region: z.string(),
  userDomain: z.literal('Default'),
  keystone: z.object({
    /** Identity v3 root, e.g. http://127.0.0.1:23456/v3 */
    url: z.string(),
    port: z.number().int(),
  }),
  heat: z.object({
    /** Orchestration v1 root without the project, e.g. http://127.0.0.1:23457/v1 */
    url: z.string(),
    port: z.number().int(),
  }),
  admin: userSchema.extend({ projectName: z.string(), projectId: z.string() }),
  learners: z.array(learnerSchema).min(1),
  /** Holds the `member` role on every learner project, plus its own project. */
  instructor: userSchema.extend({ projectName: z.string(), projectId: z.string() }),
  /** learner1's application credential (the `learner1-appcred` cloud). */
  appCredential: z.object({
    id: z.string(),
    name: z.string(),
    secret: z.string(),
    userName: z.string(),
    unrestricted: z.boolean(),
  }),
  files: z.object({
    cloudsYaml: z.string(),
    secureYaml: z.string(),
    /** The sandbox cloud's Heat environment, merged after a course's own. */
    heatEnvironment: z.string(),
    sampleTemplate: z.string(),
    sampleEnvironment: z.string(),
  }),
  lab: z.object({
    /** The one Unix account every lab host logs in as (SSH key/password and RDP password). */
    user: z.string(),
    password: z.string(),
    home: z.string(),
    /** The shared xrdp behind every lab's RDP port (tests normally use the stack's `rdp_port` output). */
    xrdpPort: z.number().int(),
    /** SHA-256 of xrdp's self-signed certificate (DER), hex. */
    xrdpCertSha256: z.string(),
    /** The gate's control API (lists labs, rotates a lab's host key). */
    gateUrl: z.string(),
  }),
  pids: z.record(z.string(), z.number().int()),
});

export type SandboxState = z.infer<typeof sandboxStateSchema>;
export type SandboxLearner = z.infer<typeof learnerSchema>;

export class SandboxNotRunningError extends Error {
  constructor(
    readonly stateFile: string,
    detail: string,
  ) {
    super(`The Keystone + Heat sandbox is not available (${detail}). Start it with \`npm run sandbox\`.`);
    this.name = 'SandboxNotRunningError';
  }
}

/**
 * Reads the running sandbox's state. `LAB_SANDBOX_STATE` (set by the test global setup)
 * overrides the default `<repo>/.sandbox/sandbox.json`.
 */
export function readSandboxState(file = process.env.LAB_SANDBOX_STATE ?? sandboxPaths().stateFile): SandboxState {
  if (!existsSync(file)) throw new SandboxNotRunningError(file, `${file} does not exist`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SandboxNotRunningError(file, `${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = sandboxStateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SandboxNotRunningError(file, `${file}: field ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The `learnerN` entry, 1-based as in the user names. */
export function learner(state: SandboxState, n: number): SandboxLearner {
  const found = state.learners.find((l) => l.name === `learner${n}`);
  if (!found) throw new Error(`The sandbox has no learner${n}: start it with \`npm run sandbox -- --learners ${n}\`.`);
  return found;
}
