import { join } from 'node:path';
import type { CourseManifest, Hook } from '../../shared/course/course-manifest';
import type { LabNotice } from '../../shared/labs';
import type { HookOutcome, HookPhase } from '../../shared/ssh';
import { runHook } from '../connect/ssh';
import { silentLogger, type Logger } from '../log/logger';
import type { Clock } from '../time/clock';
import type { LabSsh } from './lab-ssh';
import type { LabRecord } from './lab-store';

/** What the lab engine asks of hooks: run one if the course has it; never throw, never block for long. */
export interface LabHookRunner {
  run(phase: HookPhase, lab: LabRecord, job?: HookJobContext): Promise<HookOutcome | undefined>;
}

export interface HookJobContext {
  /** Told when a hook actually starts, for the job's progress line. */
  readonly progress?: (message: string) => void;
  /** The job was stopped (the app quits): the hook is cut short and nobody is told it failed. */
  readonly signal?: AbortSignal;
}

const HOOK_OF: Record<HookPhase, 'before_suspend' | 'after_resume' | 'before_delete'> = {
  'before-suspend': 'before_suspend',
  'after-resume': 'after_resume',
  'before-delete': 'before_delete',
};

const AFTERWARDS: Record<HookPhase, string> = {
  'before-suspend': 'The lab is suspended anyway.',
  'after-resume': 'Your lab is running; check that what the script sets up is there.',
  'before-delete': 'The lab is deleted anyway.',
};

export interface LabHooksDeps {
  readonly ssh: LabSsh;
  readonly courses: { manifest(id: string): CourseManifest; courseDir(id: string): string };
  readonly clock: Clock;
  readonly notify?: (notice: LabNotice) => void;
  readonly logger?: Logger;
}

/**
 * The course's hook scripts (before_suspend, after_resume, before_delete) run on the lab over SSH
 * with its pinned host keys. A hook that fails, times out or cannot reach the lab is logged and told
 * to the learner as a notice; what it runs before goes ahead regardless.
 */
export class LabHooks implements LabHookRunner {
  private readonly logger: Logger;

  constructor(private readonly deps: LabHooksDeps) {
    this.logger = (deps.logger ?? silentLogger).child('hooks');
  }

  async run(phase: HookPhase, lab: LabRecord, job: HookJobContext = {}): Promise<HookOutcome | undefined> {
    let hook: Hook | null | undefined;
    try {
      hook = this.deps.courses.manifest(lab.courseId).lab?.hooks[HOOK_OF[phase]];
    } catch {
      return undefined;
    }
    if (!hook) return undefined;
    // A machine that is not up cannot run anything (a suspend of a lab still launching, a delete of a suspended one).
    if (lab.group !== 'up' || !lab.ready) {
      this.logger.info('hook skipped: the lab is not running', { phase, script: hook.script, state: lab.state });
      return undefined;
    }
    if (job.signal?.aborted) return undefined;
    job.progress?.(`Running the course's ${phase.replace('-', ' ')} script ${hook.script}`);
    const script = { name: hook.script, localPath: join(this.deps.courses.courseDir(lab.courseId), ...hook.script.split('/')) };
    let outcome: HookOutcome;
    const started = this.deps.clock.now();
    try {
      const session = await this.deps.ssh.open(lab.courseId, hook.connection || undefined);
      // Closing the connection ends the remote script's channel, so runHook returns at once.
      const stop = (): void => session.close();
      job.signal?.addEventListener('abort', stop, { once: true });
      // Stopped while the connection was opening: the listener came too late to hear it.
      if (job.signal?.aborted) stop();
      try {
        outcome = await runHook(session, phase, script, { timeoutMs: hook.timeout * 1000, logger: this.logger });
      } finally {
        job.signal?.removeEventListener('abort', stop);
        session.close();
      }
    } catch (error) {
      const problem = `could not reach the lab: ${(error as Error).message.replace(/\.$/, '')}`;
      this.logger.warn('hook could not run', { phase, script: hook.script, problem });
      outcome = { phase, script: hook.script, ok: false, problem, timedOut: false, durationMs: this.deps.clock.now() - started };
    }
    if (!outcome.ok && job.signal?.aborted) {
      this.logger.info('hook cut short: the job was stopped', { phase, script: hook.script });
      return outcome;
    }
    if (!outcome.ok) {
      this.deps.notify?.({
        courseId: lab.courseId,
        kind: 'hook-failed',
        at: this.deps.clock.now(),
        message: `The course's ${phase.replace('-', ' ')} script ${hook.script} ${outcome.problem ?? 'failed'}. ${AFTERWARDS[phase]}`,
      });
    }
    return outcome;
  }
}
