/**
 * The words learners and instructors read for a lab's state. Heat's own states
 * ("CREATE_COMPLETE") stay for details, tooltips and `--json`; everything a person reads first goes
 * through here, in the app and in the CLI's tables alike.
 */
export type LabTone = 'ok' | 'idle' | 'busy' | 'warn' | 'error';

export interface LabWords {
  readonly word: string;
  readonly tone: LabTone;
}

const RUNNING: LabWords = { word: 'Running', tone: 'ok' };
const SUSPENDED: LabWords = { word: 'Suspended', tone: 'idle' };
const STARTING: LabWords = { word: 'Starting…', tone: 'busy' };
const SUSPENDING: LabWords = { word: 'Suspending…', tone: 'busy' };
const RESUMING: LabWords = { word: 'Resuming…', tone: 'busy' };
const DELETING: LabWords = { word: 'Deleting…', tone: 'busy' };
const FAILED: LabWords = { word: 'Failed', tone: 'error' };
const NO_LAB: LabWords = { word: 'No lab', tone: 'idle' };

const BY_STATE: Readonly<Record<string, LabWords>> = {
  CREATE_COMPLETE: RUNNING,
  RESUME_COMPLETE: RUNNING,
  UPDATE_COMPLETE: RUNNING,
  SUSPEND_COMPLETE: SUSPENDED,
  DELETE_COMPLETE: NO_LAB,
  LAUNCH_PENDING: STARTING,
  CREATE_IN_PROGRESS: STARTING,
  SUSPEND_PENDING: SUSPENDING,
  SUSPEND_IN_PROGRESS: SUSPENDING,
  RESUME_IN_PROGRESS: RESUMING,
  DELETE_PENDING: DELETING,
  DELETE_IN_PROGRESS: DELETING,
  UPDATE_IN_PROGRESS: { word: 'Updating…', tone: 'busy' },
  CHECK_IN_PROGRESS: { word: 'Checking…', tone: 'busy' },
  LAUNCH_ERROR: FAILED,
  LAUNCH_TIMEOUT: FAILED,
};

export interface LabStateInput {
  /** Heat's ACTION_STATUS or the app's own (LAUNCH_PENDING …); null or absent when there is no lab. */
  readonly state: string | null | undefined;
  /** The lab's group when known: tells a checked suspended stack (CHECK_COMPLETE, down) from a running one. */
  readonly group?: 'up' | 'down' | 'pending' | 'failed';
  /** False while a running stack's machines do not answer yet. */
  readonly ready?: boolean;
}

/** The one mapping from a lab's state to what a person reads. */
export function labStateWords({ state, group, ready }: LabStateInput): LabWords {
  if (!state) return NO_LAB;
  if (state === 'CHECK_COMPLETE') return group === 'down' ? SUSPENDED : ready === false ? STARTING : RUNNING;
  const known = BY_STATE[state];
  if (known === RUNNING && ready === false) return STARTING;
  if (known) return known;
  // ROLLBACK_* follows a failed create; any other *_FAILED is a failed action.
  if (state.endsWith('_FAILED') || state.startsWith('ROLLBACK_')) return FAILED;
  return { word: 'Working…', tone: 'busy' };
}

/**
 * What a lab job is doing, in the same words: a launch of a lab that is suspended (or being
 * resumed) is a resume; a launch of anything else starts one.
 */
export function labJobWords(jobType: string, state: string | null | undefined): LabWords {
  switch (jobType) {
    case 'lab.launch':
      return state?.startsWith('SUSPEND_') || state?.startsWith('RESUME_') ? RESUMING : STARTING;
    case 'lab.resume':
      return RESUMING;
    case 'lab.suspend':
      return SUSPENDING;
    case 'lab.delete':
      return DELETING;
    default:
      return { word: 'Working…', tone: 'busy' };
  }
}

/** What a job type is called in a sentence ("Suspend did not finish"). */
export function labJobName(jobType: string): string {
  switch (jobType) {
    case 'lab.launch':
      return 'Launch';
    case 'lab.resume':
      return 'Resume';
    case 'lab.suspend':
      return 'Suspend';
    case 'lab.delete':
      return 'Delete';
    default:
      return 'The action';
  }
}
