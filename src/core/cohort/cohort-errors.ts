/** The cohort's projects could not be found (Keystone refused, or a bad selector). */
export class CohortDiscoveryError extends Error {
  constructor(
    readonly cloud: string,
    detail: string,
  ) {
    super(cloud ? `cloud "${cloud}": ${detail}` : detail);
    this.name = 'CohortDiscoveryError';
  }
}

/** Another reaper holds the lock of this course in the same data folder. */
export class ReaperBusyError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: string,
  ) {
    super(`another reaper is running for this course (${holder}; lock ${lockFile}); nothing was done`);
    this.name = 'ReaperBusyError';
  }
}

/** A stack id that is not a lab of the listed cohort. */
export class UnknownLabError extends Error {
  constructor(readonly stackId: string) {
    super(`no lab with stack id ${stackId} in this cohort; refresh the list`);
    this.name = 'UnknownLabError';
  }
}
