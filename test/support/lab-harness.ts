/**
 * A lab service against the sandbox for tests and benches: its own store and home, the sample course
 * (or a variant), and clouds.yaml entries that point at the sandbox users with Lab Console's
 * `lab_console:` settings (Heat environment, capacity).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { CourseLibrary } from '../../src/core/courses/course-library';
import { runOrWait } from '../../src/core/jobs/run-or-wait';
import { RegistryLabClouds } from '../../src/core/labs/lab-clouds';
import type { LabJobType } from '../../src/core/labs/lab-jobs';
import { LabService } from '../../src/core/labs/lab-service';
import { silentLogger } from '../../src/core/log/logger';
import { CloudConfigLoader } from '../../src/core/openstack/clouds-config/cloud-config-loader';
import { CloudRegistry } from '../../src/core/openstack/clouds-config/cloud-registry';
import { openDatabase, type Db } from '../../src/core/store/database';
import { MemorySecretStore } from '../../src/core/store/secret-store';
import { systemClock, type Clock } from '../../src/core/time/clock';
import type { SandboxState } from '../sandbox/state';
import type { JobRecord } from '../../src/shared/jobs';

export const SAMPLE_COURSE = new URL('../../assets/sample-course/', import.meta.url).pathname;

/** Short leases and backoff so tests see retries and take-overs in seconds. */
export const FAST_WORKER = { leaseMs: 3_000, heartbeatMs: 1_000, pollMs: 200, backoff: { baseMs: 200, capMs: 1_000, factor: 2 } };

export interface LabCloudSpec {
  /** Name in the written clouds.yaml. */
  readonly name: string;
  /** The sandbox user whose credentials it uses (learner1 …). */
  readonly user: string;
  /** Heat environment file for this cloud (default: the sandbox's). */
  readonly heatEnvironment?: string;
  readonly capacity?: number;
  /** `lab_console.rates` as written in clouds.yaml (snake_case). */
  readonly rates?: Record<string, unknown>;
}

/** Writes clouds.yaml + secure.yaml for the given clouds into `dir`; returns the OS_* env pointing at them. */
export function writeLabClouds(state: SandboxState, dir: string, clouds: readonly LabCloudSpec[]): NodeJS.ProcessEnv {
  const base = parse(readFileSync(state.files.cloudsYaml, 'utf8')) as { clouds: Record<string, Record<string, unknown>> };
  const secure = parse(readFileSync(state.files.secureYaml, 'utf8')) as { clouds: Record<string, unknown> };
  const out: Record<string, unknown> = {};
  const outSecure: Record<string, unknown> = {};
  for (const spec of clouds) {
    out[spec.name] = {
      ...base.clouds[spec.user],
      lab_console: {
        heat_environment: spec.heatEnvironment ?? state.files.heatEnvironment,
        ...(spec.capacity !== undefined ? { capacity: spec.capacity } : {}),
        ...(spec.rates ? { rates: spec.rates } : {}),
      },
    };
    outSecure[spec.name] = secure.clouds[spec.user];
  }
  writeFileSync(join(dir, 'clouds.yaml'), stringify({ clouds: out }));
  writeFileSync(join(dir, 'secure.yaml'), stringify({ clouds: outSecure }), { mode: 0o600 });
  return { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml'), OS_CLIENT_SECURE_FILE: join(dir, 'secure.yaml') };
}

/** A copy of the sample course with some files replaced (e.g. a failing template). */
export function sampleCourseVariant(dir: string, files: Record<string, string> = {}): string {
  const root = join(dir, 'course');
  cpSync(SAMPLE_COURSE, root, { recursive: true });
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  return root;
}

export interface LabHarness {
  readonly dir: string;
  readonly db: Db;
  readonly service: LabService;
  readonly secrets: MemorySecretStore;
  readonly courses: CourseLibrary;
  /** Runs a lab job in this process to its end (all attempts). */
  run(type: LabJobType, courseId: string): Promise<JobRecord>;
  close(): Promise<void>;
}

export async function labHarness(options: {
  state: SandboxState;
  clouds: readonly LabCloudSpec[];
  course?: string;
  clock?: Clock;
  dir?: string;
}): Promise<LabHarness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'lc-labs-'));
  const env = writeLabClouds(options.state, dir, options.clouds);
  const db = openDatabase({ path: join(dir, 'store.db') });
  const clock = options.clock ?? systemClock;
  const courses = new CourseLibrary({ db, home: dir, clock, logger: silentLogger });
  await courses.import(options.course ?? SAMPLE_COURSE, { force: true });
  const secrets = new MemorySecretStore();
  const loader = new CloudConfigLoader({ env, cwd: dir, home: dir, systemDirs: [] });
  const registry = new CloudRegistry({ files: loader, secrets, env });
  const service = new LabService({
    db,
    secrets,
    courses,
    clouds: new RegistryLabClouds(
      () => registry,
      () => options.clouds.map((c) => c.name),
      { clock },
    ),
    clock,
    worker: FAST_WORKER,
  });
  return {
    dir,
    db,
    service,
    secrets,
    courses,
    async run(type, courseId) {
      const job = service.request(type, courseId);
      const worker = service.queue.worker(FAST_WORKER);
      try {
        return await runOrWait(worker, job.id, { pollMs: 100 });
      } finally {
        await worker.drain(0);
      }
    },
    async close() {
      await service.stop();
      db.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
