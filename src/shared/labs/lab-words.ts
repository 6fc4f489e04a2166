import { common } from '../i18n/catalogue/en/common';

/**
 * The words learners and instructors read for a lab's state. Heat's own states
 * ("CREATE_COMPLETE") stay for details, tooltips and `--json`; everything a person reads first goes
 * through here, in the app and in the CLI's tables alike.
 */
export type LabTone = 'ok' | 'idle' | 'busy' | 'warn' | 'error';

export type LabStateWord = keyof typeof common.labState;
export type LabJobWord = keyof typeof common.labJob;

export interface LabWords {
  /** The catalogue key to show, in the reader's language: `t(words.key)`. */
  readonly key: `common:labState.${LabStateWord}`;
  /** The English word (the CLI's tables, logs). */
  readonly word: string;
  readonly tone: LabTone;
}

const words = (name: LabStateWord, tone: LabTone): LabWords => ({ key: `common:labState.${name}`, word: common.labState[name], tone });

const RUNNING = words('running', 'ok');
const SUSPENDED = words('suspended', 'idle');
const STARTING = words('starting', 'busy');
const SUSPENDING = words('suspending', 'busy');
const RESUMING = words('resuming', 'busy');
const DELETING = words('deleting', 'busy');
const FAILED = words('failed', 'error');
const NO_LAB = words('noLab', 'idle');
const WORKING = words('working', 'busy');

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
  UPDATE_IN_PROGRESS: words('updating', 'busy'),
  CHECK_IN_PROGRESS: words('checking', 'busy'),
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
  return WORKING;
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
      return WORKING;
  }
}

/** What a job type is called in a sentence ("Suspend did not finish"): its catalogue key. */
export function labJobKey(jobType: string): `common:labJob.${LabJobWord}` {
  switch (jobType) {
    case 'lab.launch':
      return 'common:labJob.launch';
    case 'lab.resume':
      return 'common:labJob.resume';
    case 'lab.suspend':
      return 'common:labJob.suspend';
    case 'lab.delete':
      return 'common:labJob.delete';
    default:
      return 'common:labJob.other';
  }
}

/** The English name of a job type (labJobKey for the reader's language). */
export function labJobName(jobType: string): string {
  return common.labJob[labJobKey(jobType).slice('common:labJob.'.length) as LabJobWord];
}
