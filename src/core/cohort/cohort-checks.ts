import { join } from 'node:path';
import type { LabScore, StepScore } from '../../shared/cohort/cohort-scores';
import type { CourseManifest } from '../../shared/course/course-manifest';
import { HostKeyPins, readSolvedSteps, runProgressChecks, SshSession, sshOptionsFor, type SshConnectOptions } from '../connect/ssh';
import type { Logger } from '../log/logger';
import type { Db } from '../store/database';
import type { Clock } from '../time/clock';
import { UserFacingError } from '../api/user-error';
import { groupOf } from './cohort-rows';
import { learnerOf, type FoundLab } from './cohort-scan';
import { targetFromOutputs } from './cohort-connections';

/** What running a course's checks on a learner's lab needs from the instructor's app. */
export interface CohortCheckDeps {
  /** The course as in the instructor's library (its checks are scripts of the bundle). */
  readonly manifest: (courseId: string) => CourseManifest;
  /** The same, or undefined when the course is not in the library (a listing asks this of every course). */
  readonly findManifest: (courseId: string) => CourseManifest | undefined;
  readonly courseDir: (courseId: string) => string;
  readonly pins: HostKeyPins;
  readonly logger?: Logger;
  readonly connect?: (options: SshConnectOptions) => Promise<SshSession>;
}

export function cohortCheckDeps(options: {
  courses: { findManifest(id: string): CourseManifest | undefined; courseDir(id: string): string };
  db: Db;
  clock: Clock;
  logger?: Logger;
}): CohortCheckDeps {
  return {
    manifest: (id) => {
      const manifest = options.courses.findManifest(id);
      if (manifest) return manifest;
      throw new UserFacingError('not_found', `Course "${id}" is not in this app's library: import its bundle to run its progress checks.`);
    },
    findManifest: (id) => options.courses.findManifest(id),
    courseDir: (id) => options.courses.courseDir(id),
    pins: new HostKeyPins(options.db, options.clock),
    logger: options.logger,
  };
}

const failed = (lab: FoundLab, at: string, error: string): LabScore => ({
  stackId: lab.summary.id,
  stackName: lab.summary.name,
  learner: learnerOf(lab),
  passed: 0,
  total: 0,
  score: null,
  steps: [],
  checkedAt: at,
  error,
});

/**
 * Runs every step's progress checks on one learner's lab, one SSH session per connection, and
 * scores passed / total over the whole course; a step the course's solve script did says so. Never throws: what went wrong is the result's
 * `error` (a lab that is not running, a course missing here, SSH refused, a changed host key).
 */
export async function checkLab(lab: FoundLab, deps: CohortCheckDeps, now: () => number, signal?: AbortSignal): Promise<LabScore> {
  const at = () => new Date(now()).toISOString();
  const ref = { name: lab.summary.name, id: lab.summary.id };
  const sessions = new Map<string, SshSession>();
  try {
    const manifest = deps.manifest(lab.identity.courseId);
    const fresh = await lab.heat.find(ref, signal);
    if (!fresh) return failed(lab, at(), 'the lab is gone (deleted)');
    const group = groupOf({ summary: { ...lab.summary, status: fresh.status }, timeline: lab.timeline });
    if (group !== 'up') return failed(lab, at(), `the lab is not running (${fresh.status}); checks run on running labs only`);
    const outputs = await lab.heat.outputs(ref, signal);
    const dir = deps.courseDir(manifest.id);
    const steps: StepScore[] = [];
    const solvedOn = new Map<string, Set<string>>();
    const sessionOf = async (name: string): Promise<SshSession> => {
      let session = sessions.get(name);
      if (!session) {
        const target = targetFromOutputs(manifest, name, outputs, lab.summary.id);
        session = await (deps.connect ?? SshSession.connect)(
          sshOptionsFor(target, name, deps.pins, { logger: deps.logger, readyTimeoutMs: 15_000 }),
        );
        sessions.set(name, session);
      }
      return session;
    };
    // The steps a solve script did, as marked on the machine it ran on (one look per machine).
    const solved = async (step: (typeof manifest.steps)[number]): Promise<boolean> => {
      if (!step.solve) return false;
      let marked = solvedOn.get(step.solve.connection);
      if (!marked) {
        marked = await readSolvedSteps(await sessionOf(step.solve.connection), manifest.id);
        solvedOn.set(step.solve.connection, marked);
      }
      return marked.has(step.id);
    };
    for (const step of manifest.steps) {
      const wasSolved = await solved(step);
      if (!step.checks.length || !step.check_connection) {
        if (wasSolved) steps.push({ stepId: step.id, title: step.title, passed: 0, total: 0, outcomes: [], solved: true });
        continue;
      }
      const report = await runProgressChecks(
        await sessionOf(step.check_connection),
        step.checks.map((script) => ({ name: script, localPath: join(dir, script) })),
        { timeoutMs: step.check_timeout * 1000, logger: deps.logger },
      );
      steps.push({
        stepId: step.id,
        title: step.title,
        passed: report.passed,
        total: report.total,
        outcomes: report.outcomes,
        ...(wasSolved ? { solved: true } : {}),
      });
    }
    const passed = steps.reduce((n, s) => n + s.passed, 0);
    const total = steps.reduce((n, s) => n + s.total, 0);
    return {
      stackId: lab.summary.id,
      stackName: lab.summary.name,
      learner: learnerOf(lab),
      passed,
      total,
      score: total === 0 ? 1 : passed / total,
      steps,
      checkedAt: at(),
    };
  } catch (error) {
    return failed(lab, at(), error instanceof Error ? error.message : String(error));
  } finally {
    for (const session of sessions.values()) session.close();
  }
}
