import { ACTIVITY_FILE, ACTIVITY_MAX_LINES, parseActivity, type ActivityInterval } from '../../shared/labs/lab-activity';
import { mapBounded } from '../courses/bounded-parallel';
import { SshSession, sshOptionsFor } from '../connect/ssh';
import type { CohortCheckDeps } from './cohort-checks';
import { groupOf } from './cohort-rows';
import type { FoundLab } from './cohort-scan';
import { sshConnectionOf, targetFromOutputs } from './cohort-connections';
import type { LabActivityCache } from './lab-activity-cache';

/** The file is read whole at most up to this size (ACTIVITY_MAX_LINES lines of two numbers fit well under it). */
const MAX_READ_BYTES = 128 * 1024;

/** What the read prints when the lab has no activity file. */
const NO_FILE = '#no-activity-file';

/**
 * Reads the learner's activity file on a running lab (src/core/labs/activity-journal.ts writes it),
 * over SSH with what the stack's outputs give the instructor, as progress checks do. Undefined when
 * the lab has no such file: a learner's app that writes none (an older one) is not a learner who
 * did nothing, so that activity stays unknown.
 */
export async function readLabActivity(lab: FoundLab, deps: CohortCheckDeps, signal?: AbortSignal): Promise<ActivityInterval[] | undefined> {
  const manifest = deps.manifest(lab.identity.courseId);
  const outputs = await lab.heat.outputs({ name: lab.summary.name, id: lab.summary.id }, signal);
  const name = sshConnectionOf(manifest).name;
  const target = targetFromOutputs(manifest, name, outputs, lab.summary.id);
  const session = await (deps.connect ?? SshSession.connect)(
    sshOptionsFor(target, name, deps.pins, { logger: deps.logger, readyTimeoutMs: 15_000 }),
  );
  try {
    const file = `"$HOME"/${ACTIVITY_FILE}`;
    const result = await session.exec(`if [ -f ${file} ]; then tail -n ${ACTIVITY_MAX_LINES} ${file}; else echo '${NO_FILE}'; fi`, {
      timeoutMs: 15_000,
      maxOutputBytes: MAX_READ_BYTES,
    });
    if (result.code !== 0) throw new Error(result.stderr.trim() || `status ${result.code}`);
    return result.stdout.startsWith(NO_FILE) ? undefined : parseActivity(result.stdout);
  } finally {
    session.close();
  }
}

/**
 * Each lab's activity as last known: running labs whose last read is older than `maxAgeMs` are read
 * again (`concurrency` SSH sessions at a time); the rest, and those that cannot be read now, keep
 * what `cache` holds. A lab never read is absent: its activity is unknown, not zero.
 */
export async function labActivities(
  labs: readonly FoundLab[],
  options: {
    deps: CohortCheckDeps | undefined;
    cache: LabActivityCache;
    now: number;
    concurrency: number;
    maxAgeMs: number;
    signal?: AbortSignal;
    onProblem?: (lab: FoundLab, message: string) => void;
  },
): Promise<Map<string, ActivityInterval[]>> {
  const known = new Map<string, ActivityInterval[]>();
  const stale: FoundLab[] = [];
  for (const lab of labs) {
    const kept = options.cache.get(lab.summary.id);
    if (kept) known.set(lab.summary.id, kept.intervals);
    if (options.deps && groupOf(lab) === 'up' && (!kept || options.now - kept.readAt > options.maxAgeMs)) stale.push(lab);
  }
  const deps = options.deps;
  if (deps)
    await mapBounded(stale, options.concurrency, async (lab) => {
      try {
        const intervals = await readLabActivity(lab, deps, options.signal);
        if (!intervals) return;
        options.cache.put(lab.summary.id, { intervals, readAt: options.now });
        known.set(lab.summary.id, intervals);
      } catch (error) {
        options.onProblem?.(lab, error instanceof Error ? error.message : String(error));
      }
    });
  return known;
}
