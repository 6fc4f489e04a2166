import { localized, type MessageParam } from '../../shared/i18n/message';
import type { Sentence } from '../api/user-error';
import type { LabAccess, LabRunState } from './lab-access';
import { defaultReconnectSchedule, reconnectDelay, type ReconnectSchedule } from './reconnect-schedule';

export interface ReconnectingSessionOptions {
  readonly courseId: string;
  readonly labs: Pick<LabAccess, 'state'>;
  readonly schedule?: ReconnectSchedule;
  /** How often a suspended lab is looked at, to connect again once someone resumes it. */
  readonly suspendedPollMs?: number;
}

/** What a session says when its connection is gone. */
export interface LostStatus<Failure extends string> extends Sentence {
  readonly status: 'lab-suspended' | 'reconnecting' | 'failed';
  readonly failure?: Failure;
}

/** A sentence nested into another: by its key when it has one, else its words as they are. */
const nested = (reason: Sentence): MessageParam =>
  reason.messageKey
    ? ({ key: reason.messageKey, ...(reason.messageParams ? { params: reason.messageParams } : {}) } as MessageParam)
    : reason.message;

/**
 * A live connection into a lab (a terminal's SSH, a desktop's RDP) that outlives drops: when it is
 * lost, a suspended lab is said so and watched until someone resumes it; anything else is tried
 * again on the schedule, then given up. `generation` is bumped by every new attempt, so that what
 * an old attempt finishes late is ignored.
 */
export abstract class ReconnectingSession<Failure extends string> {
  protected generation = 0;
  protected attempt = 0;
  protected closed = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly reconnecting: ReconnectingSessionOptions) {}

  /** A new attempt; `generation` is already the attempt's own. */
  protected abstract connect(): Promise<void>;

  /** Lets go of what the lost connection held. */
  protected abstract release(): void;

  protected abstract setStatus(status: LostStatus<Failure>): void;

  /** Stops a pending retry or resume watch; what an attempt under way finishes is then ignored. */
  protected cancelAttempts(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.generation += 1;
  }

  /** A connection dropped or could not be made: the lab suspended, or try again later. */
  protected async connectionLost(lost: string | Sentence, failure: Failure): Promise<void> {
    const reason: Sentence = typeof lost === 'string' ? { message: lost } : lost;
    const generation = ++this.generation;
    this.release();
    const state = await this.labState();
    if (this.closed || generation !== this.generation) return;
    if (state === 'suspended') {
      this.setStatus({ status: 'lab-suspended', ...localized({ key: 'session.labSuspended' }) });
      this.watchForResume(generation);
      return;
    }
    this.attempt += 1;
    const delay = reconnectDelay(this.reconnecting.schedule ?? defaultReconnectSchedule, this.attempt);
    if (delay === undefined) {
      this.setStatus({ status: 'failed', failure, ...reason });
      return;
    }
    this.setStatus({
      status: 'reconnecting',
      failure,
      ...localized({
        key: 'session.retrying',
        params: { reason: nested(reason), seconds: Math.max(1, Math.round(delay / 1000)), attempt: this.attempt },
      }),
    });
    this.timer = setTimeout(() => {
      if (generation === this.generation) void this.connect();
    }, delay);
  }

  private labState(): Promise<LabRunState> {
    return this.reconnecting.labs.state(this.reconnecting.courseId).catch(() => 'other' as const);
  }

  /** Someone resumed the lab (this learner's Resume button, the CLI): connect again. */
  private watchForResume(generation: number): void {
    this.timer = setTimeout(async () => {
      const state = await this.labState();
      if (this.closed || generation !== this.generation) return;
      if (state !== 'up') return this.watchForResume(generation);
      this.attempt = 0;
      void this.connect();
    }, this.reconnecting.suspendedPollMs ?? 3000);
  }
}
