import type { Clock } from '../time/clock';
import { ACTIVITY_FILE, ACTIVITY_MAX_LINES, activityLine, type ActivityInterval } from '../../shared/labs/lab-activity';
import type { ScriptHost } from '../connect/ssh/remote-script';
import type { Logger } from '../log/logger';

/** Activity this close to the last counts as the same stretch of work (reading a step between commands). */
export const ACTIVITY_JOIN_MS = 5 * 60_000;
/** A stretch ends this long after its last activity (a keystroke is more than an instant of work). */
export const ACTIVITY_TAIL_MS = 60_000;
/** Stretches kept in memory while the lab cannot be written to; the oldest go first. */
const MAX_PENDING = 500;

type Host = Pick<ScriptHost, 'exec'> & { close(): void };

export interface ActivityJournalDeps {
  /** An SSH session on the lab's first ssh connection (LabSsh.open); kept open between writes. */
  readonly open: (courseId: string) => Promise<Host>;
  readonly logger?: Logger;
}

/**
 * The learner's stretches of work on each lab, written to the lab host itself
 * (`~/.lab-console/activity`, src/shared/labs/lab-activity.ts) so that the instructor's app reads
 * them with its own credentials from the same place it reads progress — no second ledger to trust
 * or to sync. The file is appended through the stdin of one command (no data in a command line)
 * and trimmed to its last ACTIVITY_MAX_LINES lines.
 */
export class ActivityJournal {
  /** The stretch under way per course (ms), and the stretches not yet on the host. */
  private readonly current = new Map<string, { start: number; end: number }>();
  private readonly pending = new Map<string, ActivityInterval[]>();
  private readonly hosts = new Map<string, Host>();
  private readonly writing = new Map<string, Promise<void>>();

  constructor(private readonly deps: ActivityJournalDeps) {}

  /** The learner did something on the lab of `courseId` at `now`. */
  note(courseId: string, now: number): void {
    const stretch = this.current.get(courseId);
    if (stretch && now >= stretch.start && now <= stretch.end - ACTIVITY_TAIL_MS + ACTIVITY_JOIN_MS) {
      stretch.end = Math.max(stretch.end, now + ACTIVITY_TAIL_MS);
    } else {
      if (stretch) this.queue(courseId, stretch);
      this.current.set(courseId, { start: now, end: now + ACTIVITY_TAIL_MS });
    }
  }

  /** What is not on the host yet, the stretch under way included (written again later with its later end). */
  unwritten(courseId: string, now: number): ActivityInterval[] {
    const stretch = this.current.get(courseId);
    const open = stretch ? [{ start: stretch.start / 1000, end: Math.min(stretch.end, Math.max(now, stretch.start)) / 1000 }] : [];
    return [...(this.pending.get(courseId) ?? []), ...open];
  }

  /** Writes of this course go over `host`, a session the caller already holds (the CLI's `lab ssh`/`lab exec`). */
  hold(courseId: string, host: Host): void {
    this.hosts.set(courseId, host);
  }

  /** The courses with something to write. */
  courses(): string[] {
    return [...new Set([...this.current.keys(), ...this.pending.keys()])];
  }

  /** Writes what the host lacks; on failure keeps it for the next try (and drops the session). Never throws. */
  flush(courseId: string, now: number): Promise<void> {
    const running = this.writing.get(courseId);
    if (running) return running;
    const write = this.write(courseId, now).finally(() => this.writing.delete(courseId));
    this.writing.set(courseId, write);
    return write;
  }

  /** The lab stopped running: the stretch under way ends, and the session goes (the host is gone or asleep). */
  async end(courseId: string, now: number): Promise<void> {
    await this.flush(courseId, now);
    const stretch = this.current.get(courseId);
    if (stretch && now > stretch.end) this.current.delete(courseId);
    this.hosts.get(courseId)?.close();
    this.hosts.delete(courseId);
  }

  /** Every so often: writes the running labs' stretches; a lab no longer running gets its last ones and its session closed. */
  async sweep(now: number, isUp: (courseId: string) => boolean): Promise<void> {
    await Promise.all(this.courses().map((courseId) => (isUp(courseId) ? this.flush(courseId, now) : this.end(courseId, now))));
  }

  /** Sweeps every `everyMs` until `signal` aborts. */
  async sweepEvery(everyMs: number, clock: Clock, signal: AbortSignal, isUp: (courseId: string) => boolean): Promise<void> {
    while (!signal.aborted) {
      await clock.sleep(everyMs, signal).catch(() => undefined);
      await this.sweep(clock.now(), isUp);
    }
  }

  close(): void {
    for (const host of this.hosts.values()) host.close();
    this.hosts.clear();
  }

  private async write(courseId: string, now: number): Promise<void> {
    const lines = this.unwritten(courseId, now);
    if (!lines.length) return;
    const stretch = this.current.get(courseId);
    const queued = this.pending.get(courseId)?.length ?? 0;
    try {
      let host = this.hosts.get(courseId);
      if (!host) {
        host = await this.deps.open(courseId);
        this.hosts.set(courseId, host);
      }
      const file = `"$HOME"/${ACTIVITY_FILE}`;
      const result = await host.exec(
        `mkdir -p "$HOME"/.lab-console && cat >> ${file} && if [ "$(wc -l < ${file})" -gt ${ACTIVITY_MAX_LINES} ]; then tail -n ${ACTIVITY_MAX_LINES} ${file} > ${file}.tmp && mv ${file}.tmp ${file}; fi`,
        { timeoutMs: 15_000, input: `${lines.map(activityLine).join('\n')}\n` },
      );
      if (result.code !== 0) throw new Error(result.stderr.trim() || `status ${result.code}`);
      // Stretches queued while the command ran stay for the next write.
      const left = (this.pending.get(courseId) ?? []).slice(queued);
      if (left.length) this.pending.set(courseId, left);
      else this.pending.delete(courseId);
      // A stretch over for a while is on the host for good: forget it.
      if (stretch && stretch === this.current.get(courseId) && now > stretch.end - ACTIVITY_TAIL_MS + ACTIVITY_JOIN_MS)
        this.current.delete(courseId);
    } catch (error) {
      this.hosts.get(courseId)?.close();
      this.hosts.delete(courseId);
      this.deps.logger?.info('could not write activity on the lab; kept for the next try', { courseId, error: String(error) });
    }
  }

  private queue(courseId: string, stretch: { start: number; end: number }): void {
    const list = this.pending.get(courseId) ?? [];
    list.push({ start: stretch.start / 1000, end: stretch.end / 1000 });
    if (list.length > MAX_PENDING) list.splice(0, list.length - MAX_PENDING);
    this.pending.set(courseId, list);
  }
}
