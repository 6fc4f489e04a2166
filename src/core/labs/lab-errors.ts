import { PermanentJobError } from '../jobs/job-errors';

/** A create Heat finished with CREATE_FAILED (cleaned up already); another provider may succeed. */
export class LabCreateFailedError extends PermanentJobError {
  constructor(
    readonly provider: string,
    readonly heatReason: string,
  ) {
    super(`The lab could not be created on cloud "${provider}". Heat's reason: ${heatReason}`, 'create_failed');
    this.name = 'LabCreateFailedError';
  }
}

export class LabLaunchTimeoutError extends PermanentJobError {
  constructor(
    readonly courseId: string,
    readonly seconds: number,
    readonly phase: string,
  ) {
    super(
      `The lab of course "${courseId}" was not ready within its launch_timeout of ${Math.round(seconds / 60)} min (while ${phase}). Try again later, or ask the course author to raise lab.timeouts.launch_timeout.`,
      'launch_timeout',
    );
    this.name = 'LabLaunchTimeoutError';
  }
}

export class NoCapacityError extends PermanentJobError {
  constructor(readonly providers: readonly string[]) {
    super(
      providers.length
        ? `No cloud has room for another lab (tried ${providers.join(', ')}; raise the capacity in Settings › Lab limits or lab_console.capacity in clouds.yaml).`
        : 'No cloud is configured for labs. Add one in Settings › Clouds or in clouds.yaml, or pass --os-cloud.',
      'no_capacity',
    );
    this.name = 'NoCapacityError';
  }
}

export class UsageLimitError extends PermanentJobError {
  constructor(
    readonly usedHours: number,
    readonly limitHours: number,
  ) {
    super(
      `You have used ${usedHours.toFixed(1)} of your ${limitHours} lab hours; launching and resuming labs is blocked. Ask your instructor to raise the limit.`,
      'usage_limit',
    );
    this.name = 'UsageLimitError';
  }
}
