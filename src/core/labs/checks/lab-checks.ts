import { join } from 'node:path';
import type { CourseManifest, Step } from '../../../shared/course/course-manifest';
import type { StepStatus } from '../../../shared/course/course-library';
import type { CheckRun, SolveResult } from '../../../shared/labs/check-calls';
import { boundedHint, markSolved, runProgressChecks, runRemoteScript, type SshSession } from '../../connect/ssh';
import type { Logger } from '../../log/logger';
import type { Clock } from '../../time/clock';
import { LabNotReadyError, whyNoStackMessage } from '../lab-connections';
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

/** The step lacks what the call runs (its checks, its solve script): the request is wrong, not the lab. */
abstract class StepWithoutError extends Error {
  readonly apiCode = 'invalid_input';
  constructor(
    readonly courseId: string,
    readonly stepId: string,
    lacking: string,
  ) {
    super(`Step "${stepId}" of course "${courseId}" has no ${lacking}.`);
  }
}

export class StepWithoutChecksError extends StepWithoutError {
  readonly kind = 'no_checks';
  constructor(courseId: string, stepId: string) {
    super(courseId, stepId, 'progress checks (no checks: in its course.yaml)');
    this.name = 'StepWithoutChecksError';
  }
}

export class StepWithoutSolveError extends StepWithoutError {
  readonly kind = 'no_solve';
  constructor(courseId: string, stepId: string) {
    super(courseId, stepId, 'solve script (no solve: in its course.yaml)');
    this.name = 'StepWithoutSolveError';
  }
}

/** The course library as the checks see it: the course, its files, and the learner's progress. */
export interface LabCourses {
  manifest(id: string): CourseManifest;
  courseDir(id: string): string;
  /** Every check of the step passed (the library marks it done, unless it was solved). */
  stepPassed?(courseId: string, stepId: string): StepStatus;
  /** The step's solve script did it. */
  stepSolved?(courseId: string, stepId: string): StepStatus;
}

export interface LabChecksDeps {
  readonly ssh: LabSsh;
  readonly store: LabStore;
  readonly history: CheckHistory;
  readonly courses: LabCourses;
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
    if (stepId === undefined) return this.deps.courses.manifest(courseId).steps.filter((s) => s.checks.length > 0);
    const step = this.knownStep(courseId, stepId);
    if (step.checks.length === 0) throw new StepWithoutChecksError(courseId, stepId);
    return [step];
  }

  /** Runs the steps' checks in course order; a lab that cannot be reached rejects the whole call, recording nothing. */
  async run(courseId: string, steps: readonly Step[], source: CheckRun['source']): Promise<CheckRun[]> {
    const lab = (await this.deps.followCloud?.(courseId)) ?? this.deps.store.latestForCourse(courseId);
    if (!lab?.stackId) throw new LabNotReadyError(courseId, whyNoStackMessage(lab));
    this.deps.activity(courseId);
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
        runs.push(await this.checkStep(session, courseId, lab.userId, step, source));
      }
    } finally {
      for (const session of sessions.values()) session.close();
    }
    this.deps.activity(courseId);
    return runs;
  }

  /**
   * Runs the step's solve script on its connection; when it succeeds, marks the step solved on the
   * lab (for the instructor's checks) and in the learner's progress, then runs the step's checks.
   * The caller asked the learner first: the script changes their lab.
   */
  async solve(courseId: string, stepId: string): Promise<SolveResult> {
    const step = this.knownStep(courseId, stepId);
    if (!step.solve) throw new StepWithoutSolveError(courseId, stepId);
    const lab = this.deps.store.latestForCourse(courseId);
    if (!lab?.stackId) throw new LabNotReadyError(courseId, { key: 'lab.notRunning.notLaunched' });
    this.deps.activity(courseId);
    const dir = this.deps.courses.courseDir(courseId);
    const session = await this.deps.ssh.open(courseId, step.solve.connection || undefined);
    try {
      const result = await runRemoteScript(session, join(dir, ...step.solve.script.split('/')), {
        timeoutMs: step.solve.timeout * 1000,
        logger: this.deps.logger,
      });
      const output = boundedHint([result.stdout.trim(), result.stderr.trim()].filter(Boolean).join('\n'), 4000);
      const solved = !result.timedOut && result.code === 0;
      this.deps.logger?.info('solve script', { courseId, stepId, code: result.code, timedOut: result.timedOut });
      if (!solved) return { stepId, solved, exitCode: result.code, timedOut: result.timedOut, output, checks: null };
      await markSolved(session, courseId, stepId, this.deps.clock.now());
      this.deps.courses.stepSolved?.(courseId, stepId);
      let checks: CheckRun | null = null;
      if (step.checks.length > 0) {
        // Usually the same machine; the checks may name another connection.
        const checkSession =
          (step.check_connection ?? '') === step.solve.connection
            ? session
            : await this.deps.ssh.open(courseId, step.check_connection ?? undefined);
        try {
          checks = await this.checkStep(checkSession, courseId, lab.userId, step, 'app');
        } finally {
          if (checkSession !== session) checkSession.close();
        }
      }
      return { stepId, solved, exitCode: result.code, timedOut: false, output, checks };
    } finally {
      session.close();
      this.deps.activity(courseId);
    }
  }

  /** The course's step `stepId`; an unknown id is an error that lists the steps there are. */
  private knownStep(courseId: string, stepId: string): Step {
    const { steps } = this.deps.courses.manifest(courseId);
    const step = steps.find((s) => s.id === stepId);
    if (!step)
      throw new UnknownStepError(
        courseId,
        stepId,
        steps.map((s) => s.id),
      );
    return step;
  }

  /** One step's checks on an open session, recorded; all of them passing marks the step done. */
  private async checkStep(
    session: SshSession,
    courseId: string,
    userId: string,
    step: Step,
    source: CheckRun['source'],
  ): Promise<CheckRun> {
    const dir = this.deps.courses.courseDir(courseId);
    const scripts = step.checks.map((name) => ({ name, localPath: join(dir, ...name.split('/')) }));
    const report = await runProgressChecks(session, scripts, { timeoutMs: step.check_timeout * 1000, logger: this.deps.logger });
    const run = this.deps.history.record({ courseId, userId, stepId: step.id, report, source, at: this.deps.clock.now() });
    if (report.total > 0 && report.passed === report.total) this.deps.courses.stepPassed?.(courseId, step.id);
    return run;
  }
}
