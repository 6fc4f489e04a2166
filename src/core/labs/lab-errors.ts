import { englishMessage, type MessageRef } from '../../shared/i18n/message';
import { PermanentJobError } from '../jobs/job-errors';
import { launchPhaseMessage, type LaunchPhase } from './launch-phase';

/**
 * A lab job's failure composed from the `messages` catalogue: its English text is the message, and
 * the key and parameters go with the job's error, so the app and the CLI show it in their language.
 */
export class LabJobFailure extends PermanentJobError {
  readonly localized: MessageRef;
  constructor(localized: MessageRef, kind: string) {
    super(englishMessage(localized), kind);
    this.localized = localized;
    this.name = 'LabJobFailure';
  }
}

/** A sentence for the learner followed by Heat's reason (raw, as Heat wrote it), which the app shows as the detail. */
export const withHeatReason = (sentence: MessageRef, reason: string): MessageRef => ({
  key: 'lab.failure.withDetail',
  params: { sentence, detail: { key: 'lab.failure.heatReason', params: { reason } } },
});

/** A create Heat finished with CREATE_FAILED (cleaned up already); another provider may succeed. */
export class LabCreateFailedError extends LabJobFailure {
  constructor(
    readonly provider: string,
    readonly heatReason: string,
  ) {
    super(withHeatReason({ key: 'lab.failure.createFailed', params: { cloud: provider } }, heatReason), 'create_failed');
    this.name = 'LabCreateFailedError';
  }
}

/** A resume Heat refused: the lab was put back to sleep with the learner's work in it. */
export class LabResumeFailedError extends LabJobFailure {
  constructor(readonly heatReason: string) {
    super(withHeatReason({ key: 'lab.failure.resumeFailed' }, heatReason), 'resume_failed');
    this.name = 'LabResumeFailedError';
  }
}

export class LabLaunchTimeoutError extends LabJobFailure {
  constructor(
    readonly courseId: string,
    readonly seconds: number,
    readonly phase: LaunchPhase,
  ) {
    super(
      { key: 'lab.failure.launchTimeout', params: { courseId, minutes: Math.round(seconds / 60), phase: launchPhaseMessage(phase) } },
      'launch_timeout',
    );
    this.name = 'LabLaunchTimeoutError';
  }
}

export class NoCapacityError extends LabJobFailure {
  constructor(readonly providers: readonly string[]) {
    super(
      providers.length ? { key: 'lab.failure.noCapacity', params: { clouds: providers.join(', ') } } : { key: 'lab.failure.noCloud' },
      'no_capacity',
    );
    this.name = 'NoCapacityError';
  }
}

export class UsageLimitError extends LabJobFailure {
  constructor(
    readonly usedHours: number,
    readonly limitHours: number,
  ) {
    super({ key: 'lab.failure.usageLimit', params: { used: usedHours, limit: limitHours } }, 'usage_limit');
    this.name = 'UsageLimitError';
  }
}
