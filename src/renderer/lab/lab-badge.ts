import { labJobWords, labStateWords, type LabTone, type LabView } from '../../shared/labs';
import { cloudProblemWords, type CloudProblem } from '../../shared/openstack';
import { translator } from '../i18n/translator';

/** What the Lab header's badge says and which buttons it offers, from the lab, its current job and its cloud. */
export interface LabPaneModel {
  readonly badge: string;
  readonly tone: LabTone;
  /** The technical state for the tooltip: Heat's own words and the cloud. */
  readonly title: string | undefined;
  readonly busy: boolean;
  readonly canLaunch: boolean;
  readonly canSuspend: boolean;
  readonly canResume: boolean;
  readonly canReset: boolean;
}

/** A job waits for its next try after a failed attempt. */
export function isWaitingToRetry(activity: LabView['activity']): boolean {
  return activity !== null && activity.status === 'queued' && activity.nextTryAt !== null;
}

export function isBusy(activity: LabView['activity']): activity is NonNullable<LabView['activity']> {
  return activity !== null && (activity.status === 'queued' || activity.status === 'running');
}

/** A cloud problem that puts the lab's state in doubt (a slow cloud still answers). */
export function doubtOf(view: LabView | undefined): CloudProblem | null {
  const problem = view?.cloud?.problem ?? null;
  return problem && problem.kind !== 'slow' ? problem : null;
}

/** The words of the lab's last known state, as the records hold it. */
export function lastKnownWords(view: LabView | undefined): string {
  const lab = view?.lab ?? null;
  return labStateWords({ state: lab?.state, group: lab?.group, ready: lab?.ready }).word;
}

export function labPaneModel(view: LabView | undefined, now = Date.now()): LabPaneModel {
  const lab = view?.lab ?? null;
  const job = view?.activity ?? null;
  const busy = isBusy(job);
  const blocked = view?.usage.blocked ?? false;
  const title = lab
    ? lab.provider
      ? translator.t('lab.badge.stateOnCloud', { state: lab.state, cloud: lab.provider })
      : translator.t('lab.heatState', { state: lab.state })
    : undefined;
  const none = { canLaunch: false, canSuspend: false, canResume: false, canReset: false };
  if (isBusy(job)) {
    const words = labJobWords(job.type, lab?.state);
    return { badge: words.word, tone: words.tone, title, busy, ...none };
  }
  if (!lab || lab.state === 'DELETE_COMPLETE') {
    return { badge: translator.t('lab.badge.noLab'), tone: 'idle', title, busy, ...none, canLaunch: !blocked };
  }
  const doubt = doubtOf(view);
  // Never Reset on doubt: it deletes the lab, and the cloud has not shown it can make another.
  const canReset = doubt === null;
  const state = labStateWords({ state: lab.state, group: lab.group, ready: lab.ready });
  const shown = doubt ? { word: cloudProblemWords(doubt, now).badge, tone: 'warn' as const } : state;
  const base = {
    badge: shown.word,
    tone: shown.tone,
    title: doubt ? translator.t('lab.badge.lastKnown', { title: title ?? '', state: state.word }) : title,
    busy,
  };
  if (lab.group === 'up') return { ...base, ...none, canSuspend: true, canReset };
  if (lab.state === 'SUSPEND_COMPLETE' || lab.group === 'down') return { ...base, ...none, canResume: !blocked, canReset };
  return { ...base, ...none, canLaunch: !blocked, canReset };
}
