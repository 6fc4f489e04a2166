import type { AssistMarker, AssistNotice } from '../../shared/cohort/assist';
import { assistMarkerWatch } from '../connect/ssh/assist-marker';
import type { SshCompanion } from '../connect/ssh/ssh-companion';
import type { Logger } from '../log/logger';

/**
 * The learner's side of an assist: each of the learner's terminals looks for the instructor's
 * marker over its own SSH login (no new connection per look), and a course's lab screen hears
 * when what they see changes. Several terminals into one lab agree on one notice.
 */
export class AssistNotices {
  /** What each open terminal saw last, by session, with its course. */
  private readonly readings = new Map<string, { courseId: string; marker: AssistMarker | null }>();

  constructor(
    private readonly options: {
      readonly emit: (notice: AssistNotice) => void;
      readonly logger: Logger;
      /** How often a terminal looks (default 30 s). */
      readonly intervalMs?: number;
      readonly staleMs?: number;
    },
  ) {}

  /** What the lab screen of a course shows now. */
  current(courseId: string): AssistNotice {
    let found: AssistMarker | null = null;
    for (const reading of this.readings.values()) {
      if (reading.courseId === courseId && reading.marker && (!found || reading.marker.since > found.since)) found = reading.marker;
    }
    return { courseId, assist: found && { by: found.by, since: found.since } };
  }

  /** The look for a marker, for one of the learner's terminal sessions. */
  companionFor(sessionId: string, courseId: string): SshCompanion {
    const watch = assistMarkerWatch((marker) => this.record(sessionId, courseId, marker), {
      intervalMs: this.options.intervalMs,
      staleMs: this.options.staleMs,
      logger: this.options.logger,
    });
    return (ssh) => {
      const run = watch(ssh);
      return {
        stop: async () => {
          await run.stop();
          this.forget(sessionId, courseId);
        },
      };
    };
  }

  private record(sessionId: string, courseId: string, marker: AssistMarker | null): void {
    const before = this.current(courseId);
    this.readings.set(sessionId, { courseId, marker });
    this.emitIfChanged(before);
  }

  private forget(sessionId: string, courseId: string): void {
    const before = this.current(courseId);
    this.readings.delete(sessionId);
    this.emitIfChanged(before);
  }

  private emitIfChanged(before: AssistNotice): void {
    const after = this.current(before.courseId);
    if (JSON.stringify(after) !== JSON.stringify(before)) this.options.emit(after);
  }
}
