import type { LabClock, LabNotice } from '../../../shared/labs';
import type { CourseManifest } from '../../../shared/course/course-manifest';
import type { Clock } from '../../time/clock';
import type { LabJobType } from '../lab-jobs';
import type { LabRecord, LabStore } from '../lab-store';
import { runningHours } from '../lab-usage';
import { UsageLimitError } from '../lab-errors';
import { UserFacingError } from '../../api/user-error';
import { maxSessionMessage, sessionLength } from './max-session';
import { idleWindow, LabExtensions, sessionWindow } from './session-clock';

export interface UsageLimit {
  readonly hours: number;
  /** warn: tell the learner; block: refuse new launches and resumes. */
  readonly mode: 'warn' | 'block';
}

export interface LabPoliciesDeps {
  readonly store: LabStore;
  readonly clock: Clock;
  readonly manifest: (courseId: string) => CourseManifest | undefined;
  /** Asks the queue for a job (deduplicated there). */
  readonly request: (type: LabJobType, courseId: string) => void;
  readonly notify?: (notice: LabNotice) => void;
  readonly usageLimit?: UsageLimit;
  /** How long before an idle suspend the learner is told. */
  readonly idleNoticeMs?: number;
  /** How long before delete_age deletes a suspended lab the learner is told. */
  readonly deleteNoticeMs?: number;
  /** How long before max_session suspends a lab the learner is told. */
  readonly sessionNoticeMs?: number;
  /** A lab's clock moved (activity pushed its idle deadline, an extension lengthened its session): show it. */
  readonly onClockChange?: (courseId: string) => void;
  /** The learner was active on a running lab (the activity journal writes it on the lab for the instructor). */
  readonly onActivity?: (courseId: string, at: number) => void;
}

/**
 * The rules that act without the learner: the dead-man's switch (activity pushes suspend_by; passing
 * it suspends), max_session (a session longer than the course allows suspends, whatever the
 * activity), delete_age after a suspend, suspend on quit or sleep, and the usage limit.
 * Every rule only asks for jobs; the jobs converge, so asking twice is harmless.
 */
export class LabPolicies {
  private readonly noticed = new Map<string, number>();
  /** The idle deadline last shown per course: another process (the CLI's keepalive) may move it too. */
  private readonly shownDeadline = new Map<string, number | null>();
  private readonly extensions: LabExtensions;

  constructor(private readonly deps: LabPoliciesDeps) {
    this.extensions = new LabExtensions(deps.store.db);
  }

  /** Activity (terminal I/O, UI, a CLI keepalive) pushes the idle deadline of every running lab, or of one course's. */
  activity(courseId?: string): void {
    const now = this.deps.clock.now();
    for (const lab of this.deps.store.list()) {
      if (lab.group !== 'up' || (courseId && lab.courseId !== courseId)) continue;
      this.deps.onActivity?.(lab.courseId, now);
      const timeout = this.deps.manifest(lab.courseId)?.lab?.timeouts.suspend_timeout;
      if (!timeout) continue;
      this.deps.store.update(lab.courseId, lab.userId, { suspendBy: now + timeout * 1000, lastActivityAt: now }, now);
      this.noticed.delete(`idle-suspend-soon:${lab.courseId}`);
      this.clockChanged(lab.courseId, now + timeout * 1000);
    }
  }

  /** The lab's clock for the Lab pane while it runs: idle deadline and session end; null otherwise. */
  clock(lab: LabRecord): LabClock | null {
    const timeouts = this.deps.manifest(lab.courseId)?.lab?.timeouts;
    if (!timeouts || lab.group !== 'up') return null;
    return { idle: idleWindow(lab, timeouts), session: this.session(lab) };
  }

  /**
   * One more `extension` of the running session, while the course allows more (each is counted
   * and shown). The cohort reaper allows the longest session the extensions could make.
   */
  extend(courseId: string, userId: string): void {
    const lab = this.deps.store.get(courseId, userId);
    const timeouts = this.deps.manifest(courseId)?.lab?.timeouts;
    if (!lab || lab.group !== 'up') throw new UserFacingError('invalid_input', { key: 'lab.extend.notRunning' });
    if (!timeouts?.max_session) throw new UserFacingError('invalid_input', { key: 'lab.extend.noMaximum' });
    const session = this.session(lab);
    if (!session) throw new UserFacingError('invalid_input', { key: 'lab.extend.noSession' });
    if (session.extensionsUsed >= session.maxExtensions) {
      throw new UserFacingError(
        'invalid_input',
        session.maxExtensions === 0
          ? { key: 'lab.extend.notAllowed' }
          : { key: 'lab.extend.usedUp', params: { count: session.extensionsUsed } },
      );
    }
    const now = this.deps.clock.now();
    this.extensions.record(courseId, userId, session.extensionSeconds, now);
    this.noticed.delete(`session-end-soon:${courseId}`);
    this.deps.onClockChange?.(courseId);
  }

  private session(lab: LabRecord): LabClock['session'] {
    const timeouts = this.deps.manifest(lab.courseId)?.lab?.timeouts;
    if (!timeouts) return null;
    return sessionWindow(lab, timeouts, this.deps.store.ledger({ courseId: lab.courseId, userId: lab.userId }), this.extensions);
  }

  private clockChanged(courseId: string, suspendBy: number | null): void {
    if (this.shownDeadline.get(courseId) === suspendBy) return;
    this.shownDeadline.set(courseId, suspendBy);
    this.deps.onClockChange?.(courseId);
  }

  /** One pass of the timed rules; the app and `jobs work --follow` run it every few seconds. */
  tick(): void {
    const now = this.deps.clock.now();
    for (const lab of this.deps.store.list()) {
      if (lab.group === 'up') this.clockChanged(lab.courseId, lab.suspendBy);
      if (lab.group === 'up' && lab.suspendBy !== null) {
        if (now >= lab.suspendBy) this.deps.request('lab.suspend', lab.courseId);
        else if (lab.suspendBy - now <= (this.deps.idleNoticeMs ?? 60_000))
          this.tell(
            lab,
            'idle-suspend-soon',
            lab.suspendBy,
            'Your lab will be suspended soon because nothing happened in it. Type or click to keep it running.',
          );
      }
      if (lab.group === 'up') this.enforceMaxSession(lab, now);
      if (lab.state === 'SUSPEND_COMPLETE' && lab.deleteBy !== null) {
        if (now >= lab.deleteBy) this.deps.request('lab.delete', lab.courseId);
        else if (lab.deleteBy - now <= (this.deps.deleteNoticeMs ?? 3 * 86_400_000)) {
          this.tell(
            lab,
            'delete-soon',
            lab.deleteBy,
            `Your suspended lab will be deleted on ${new Date(lab.deleteBy).toISOString().slice(0, 10)}, with everything in it. Resume it before then to keep it.`,
          );
        }
      }
    }
  }

  /** App quit or OS sleep: suspend every running lab (the jobs finish now or at the next start). */
  suspendAll(): number {
    let asked = 0;
    for (const lab of this.deps.store.list()) {
      if (
        lab.group === 'up' ||
        lab.state === 'LAUNCH_PENDING' ||
        lab.state === 'CREATE_IN_PROGRESS' ||
        lab.state === 'RESUME_IN_PROGRESS'
      ) {
        this.deps.request('lab.suspend', lab.courseId);
        asked++;
      }
    }
    return asked;
  }

  usage(userId?: string): { runningHours: number; limitHours: number | null; blocked: boolean } {
    const hours = runningHours(this.deps.store.ledger(userId ? { userId } : {}), this.deps.clock.now());
    const limit = this.deps.usageLimit;
    return {
      runningHours: hours,
      limitHours: limit?.hours ?? null,
      blocked: Boolean(limit && limit.mode === 'block' && hours >= limit.hours),
    };
  }

  /** Called before a launch or resume: blocks past the limit in block mode, tells the learner in warn mode. */
  checkUsage(courseId: string, userId: string): void {
    const limit = this.deps.usageLimit;
    if (!limit) return;
    const { runningHours: used } = this.usage(userId);
    if (used < limit.hours) return;
    if (limit.mode === 'block') throw new UsageLimitError(used, limit.hours);
    this.deps.notify?.({
      courseId,
      kind: 'usage-limit',
      at: this.deps.clock.now(),
      message: `You have used ${used.toFixed(1)} of ${limit.hours} lab hours.`,
    });
  }

  /** Counted from the start of the session (the ledger) plus its extensions, never from activity: activity cannot push it. */
  private enforceMaxSession(lab: LabRecord, now: number): void {
    const session = this.session(lab);
    if (!session) return;
    const end = session.endsAt;
    if (now >= end) this.deps.request('lab.suspend', lab.courseId);
    else if (end - now <= (this.deps.sessionNoticeMs ?? 10 * 60_000)) {
      const left = session.maxExtensions - session.extensionsUsed;
      const extend = left > 0 ? ` You may extend it by ${sessionLength(session.extensionSeconds)} (${left} left).` : '';
      this.tell(lab, 'session-end-soon', end, `${maxSessionMessage(session.maxSessionSeconds, end)}${extend}`);
    }
  }

  private tell(lab: LabRecord, kind: LabNotice['kind'], at: number, message: string): void {
    const key = `${kind}:${lab.courseId}`;
    if (this.noticed.get(key) === at) return;
    this.noticed.set(key, at);
    this.deps.notify?.({ courseId: lab.courseId, kind, at, message });
  }
}
