import type { LabView } from '../../shared/labs';

/** What the Lab pane's badge says and which buttons it offers, from the lab and its current job. */
export interface LabPaneModel {
  readonly badge: string;
  readonly tone: 'ok' | 'busy' | 'idle' | 'error';
  readonly busy: boolean;
  readonly canLaunch: boolean;
  readonly canSuspend: boolean;
  readonly canResume: boolean;
  readonly canReset: boolean;
  readonly error: string | null;
}

const JOB_WORDS: Record<string, string> = {
  'lab.launch': 'Launching',
  'lab.resume': 'Resuming',
  'lab.suspend': 'Suspending',
  'lab.delete': 'Deleting',
};

export function labPaneModel(view: LabView | undefined): LabPaneModel {
  const lab = view?.lab ?? null;
  const job = view?.activity ?? null;
  const busy = job !== null && (job.status === 'queued' || job.status === 'running');
  const failed = job !== null && job.status === 'failed';
  const error = failed ? job.error : lab?.group === 'failed' ? lab.error : null;
  const blocked = view?.usage.blocked ?? false;
  if (busy) {
    return {
      badge: JOB_WORDS[job.type] ?? 'Working',
      tone: 'busy',
      busy,
      canLaunch: false,
      canSuspend: false,
      canResume: false,
      canReset: false,
      error: null,
    };
  }
  if (!lab || lab.state === 'DELETE_COMPLETE') {
    return {
      badge: 'No lab',
      tone: error ? 'error' : 'idle',
      busy,
      canLaunch: !blocked,
      canSuspend: false,
      canResume: false,
      canReset: false,
      error,
    };
  }
  if (lab.group === 'up') {
    return {
      badge: lab.ready ? 'Running' : 'Starting',
      tone: 'ok',
      busy,
      canLaunch: false,
      canSuspend: true,
      canResume: false,
      canReset: true,
      error,
    };
  }
  if (lab.state === 'SUSPEND_COMPLETE') {
    return { badge: 'Suspended', tone: 'idle', busy, canLaunch: false, canSuspend: false, canResume: !blocked, canReset: true, error };
  }
  return {
    badge: lab.state.replace(/_/g, ' ').toLowerCase(),
    tone: lab.group === 'failed' ? 'error' : 'busy',
    busy,
    canLaunch: !blocked,
    canSuspend: false,
    canResume: false,
    canReset: true,
    error,
  };
}
