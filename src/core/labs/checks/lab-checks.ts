import { join } from 'node:path';
import type { CourseManifest, Step } from '../../../shared/course/course-manifest';
import type { CheckRun } from '../../../shared/labs/check-calls';
import { runProgressChecks, type SshSession } from '../../connect/ssh';
import type { Logger } from '../../log/logger';
import type { Clock } from '../../time/clock';
import { LabNotReadyError, whyNoStack } from '../lab-connections';
import type { LabSsh } from '../lab-ssh';
import type { LabRecord, LabStore } from '../lab-store';
import type { CheckHistory } from './check-history';

export class UnknownStepError extends Error {
  readonly kind = 'unknown_step';
  readonly apiCode = 'not_found';
  constructor(
    readonly courseId: string,
    readonly stepId: string,
    known: readonly string[],
  ) {
    super(`Course "${courseId}" has no step "${stepId}" (its steps: ${known.join(', ')}).`);
    this.name = 'UnknownStepError';
  }
}

export class StepWithoutChecksError extends Error {
  readonly kind = 'no_checks';
  readonly apiCode = 'invalid_input';
  constructor(
    readonly courseId: string,
    readonly stepId: string,
  ) {
    super(`Step "${stepId}" of course "${courseId}" has no progress checks (no checks: in its course.yaml).`);
    this.name = 'StepWithoutChecksError';
  }
}

export interface LabChecksDeps {
  readonly ssh: LabSsh;
  readonly store: LabStore;
  readonly history: CheckHistory;
  readonly courses: { manifest(id: string): CourseManifest; courseDir(id: string): string };
  readonly clock: Clock;
  /** Makes the lab's record follow the cloud first (a lab suspended or deleted by someone else). */
  readonly followCloud?: (courseId: string) => Promise<LabRecord | undefined>;
  /** Running checks is the learner working: it pushes the idle-suspend deadline. */
  readonly activity: (courseId: string) => void;
  readonly logger?: Logger;
}

/**
 * Runs steps' progress checks on the running lab and keeps every run in the history. One SSH
 * session per connection serves all the steps of a call.
 */
export class LabChecks {
  constructor(private readonly deps: LabChecksDeps) {}

  /** The steps to check: one (which must have checks) or, without an id, every step that has checks. */
  steps(courseId: string, stepId?: string): Step[] {
    const manifest = this.deps.courses.manifest(courseId);
    if (stepId === undefined) return manifest.steps.filter((s) => s.checks.length > 0);
    const step = manifest.steps.find((s) => s.id === stepId);
    if (!step)
      throw new UnknownStepError(
        courseId,
        stepId,
        manifest.steps.map((s) => s.id),
      );
    if (step.checks.length === 0) throw new StepWithoutChecksError(courseId, stepId);
    return [step];
  }

  /** Runs the steps' checks in course order; a lab that cannot be reached rejects the whole call, recording nothing. */
  async run(courseId: string, steps: readonly Step[], source: CheckRun['source']): Promise<CheckRun[]> {
    const lab = (await this.deps.followCloud?.(courseId)) ?? this.deps.store.latestForCourse(courseId);
    if (!lab?.stackId) throw new LabNotReadyError(courseId, whyNoStack(lab));
    this.deps.activity(courseId);
    const dir = this.deps.courses.courseDir(courseId);
    const sessions = new Map<string, SshSession>();
    const runs: CheckRun[] = [];
    try {
      for (const step of steps) {
        const connection = step.check_connection ?? undefined;
        const key = connection ?? '';
        let session = sessions.get(key);
        if (!session) {
          session = await this.deps.ssh.open(courseId, connection);
          sessions.set(key, session);
        }
        const scripts = step.checks.map((name) => ({ name, localPath: join(dir, ...name.split('/')) }));
        const report = await runProgressChecks(session, scripts, { timeoutMs: step.check_timeout * 1000, logger: this.deps.logger });
        runs.push(this.deps.history.record({ courseId, userId: lab.userId, stepId: step.id, report, source, at: this.deps.clock.now() }));
      }
    } finally {
      for (const session of sessions.values()) session.close();
    }
    this.deps.activity(courseId);
    return runs;
  }
}
