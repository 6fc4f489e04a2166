import type { LabGroup } from './lab-status';

/** What a lab state reads as, from the app's record (learner) or from Heat alone (instructor's cohort). */
export interface LabStateFacts {
  /** Heat's ACTION_STATUS, or one of the app's own states (LAUNCH_PENDING…). */
  readonly state: string;
  readonly group: LabGroup;
  /** Whether the lab answers; unknown for a cohort row (Heat alone cannot tell), then an up lab is Running. */
  readonly ready?: boolean;
  readonly error?: string | null;
}

/**
 * A lab state in the words learners and instructors read: Running, Suspended, Starting, Failed…
 * Heat's own name (CREATE_COMPLETE) belongs in details and in --json, after or beside these words.
 */
export function labStateWords(lab: LabStateFacts): string {
  const s = lab.state;
  if (s === 'DELETE_COMPLETE') return lab.error ? 'Gone' : 'Deleted';
  if (lab.group === 'up') return lab.ready === false ? 'Starting' : 'Running';
  if (s === 'SUSPEND_COMPLETE' || (lab.group === 'down' && s.startsWith('CHECK_'))) return 'Suspended';
  if (lab.group === 'failed') return 'Failed';
  if (s.startsWith('SUSPEND_')) return 'Suspending';
  if (s.startsWith('RESUME_')) return 'Resuming';
  if (s.startsWith('DELETE_')) return 'Deleting';
  if (s === 'LAUNCH_PENDING' || s.startsWith('CREATE_')) return 'Launching';
  if (s.startsWith('UPDATE_')) return 'Updating';
  if (s.startsWith('CHECK_')) return 'Checking';
  return s.replace(/_/g, ' ').toLowerCase();
}
