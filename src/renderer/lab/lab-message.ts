import { translateMessage } from '../../shared/i18n/message-translate';
import { labJobName, type LabActivity, type LabNotice, type LabView } from '../../shared/labs';
import { cloudProblemOfJobKind, cloudProblemWords, type CloudProblem } from '../../shared/openstack';
import { translator } from '../i18n/translator';
import { isBusy, isWaitingToRetry, lastKnownWords } from './lab-badge';
import { clockTimeOf } from './lab-format';

export interface LabMessageAction {
  readonly kind: 'cancel' | 'keep-running' | 'reset-to-update' | 'open-settings';
  readonly label: string;
}

/** The one message the Lab header shows: the learner's words first, the technical detail a click away. */
export interface LabMessage {
  /** Identity for dismissing: the same message keeps its key while it stays the same. */
  readonly key: string;
  readonly tone: 'info' | 'warn' | 'error';
  /** Stays the same while the message does (screen readers hear it once). */
  readonly text: string;
  /** When the next try comes (ms since the epoch): shown as a countdown beside the text. */
  readonly nextTryAt?: number;
  /** What is safe to do (shown with the details). */
  readonly advice?: string;
  /** The technical detail: the client's message, Heat's reason and state. */
  readonly detail?: string;
  readonly actions: readonly LabMessageAction[];
}

export interface LabMessageInput {
  readonly view: LabView | undefined;
  /** The learner's own click failed (the app refused the call). */
  readonly callError?: string;
  /** The API's code for that refusal: a refused sign-in ("credentials_refused") is fixed in Settings › Clouds. */
  readonly callErrorCode?: string;
  readonly notice?: LabNotice;
  readonly now: number;
}

// Functions, not constants: the label is read in the language shown now.
const CANCEL = (): LabMessageAction => ({ kind: 'cancel', label: translator.t('lab.message.cancel') });
const OPEN_SETTINGS = (): LabMessageAction => ({ kind: 'open-settings', label: translator.t('lab.message.openSettings') });
const heatState = (state: string): string => translator.t('lab.heatState', { state });

/** The first line of a message written for people; the rest (Heat's reason, hints) is detail. */
function splitDetail(message: string): { text: string; detail?: string } {
  const at = message.search(/\n| Heat's reason: /);
  if (at < 0) return { text: message };
  return { text: message.slice(0, at).trim(), detail: message.slice(at).trim() };
}

/**
 * The job's error in the reader's language when the app composed it from the catalogue (a sentence
 * with Heat's reason comes as its two parts), else the English as the app wrote it.
 */
function jobErrorWords(job: LabActivity): { text: string; detail?: string } | undefined {
  if (!job.error) return undefined;
  return translatedJobError(job) ?? splitDetail(job.error);
}

function translatedJobError(job: LabActivity): { text: string; detail?: string } | undefined {
  const key = job.errorMessageKey;
  const params = job.errorMessageParams ?? {};
  const { sentence, detail } = params;
  if (key === 'lab.failure.withDetail' && typeof sentence === 'object' && typeof detail === 'object') {
    const text = translateMessage(translator, sentence.key, sentence.params);
    const more = translateMessage(translator, detail.key, detail.params);
    if (text !== undefined && more !== undefined) return { text, detail: more };
  } else if (key) {
    const text = translateMessage(translator, key, params);
    if (text !== undefined) return { text };
  }
  return undefined;
}

/** The whole of the job's error in the reader's language, for the details. */
function jobErrorText(job: LabActivity): string | null {
  const words = translatedJobError(job);
  return words ? [words.text, words.detail].filter(Boolean).join(' ') : job.error;
}

function details(...parts: (string | null | undefined)[]): string | undefined {
  const text = [...new Set(parts.filter((p): p is string => Boolean(p?.trim())))].join('\n\n');
  return text || undefined;
}

/** The state Heat last confirmed; none while the app's own action is pending (it is what is in doubt). */
function lastKnown(view: LabView): string | undefined {
  const state = view.lab?.state;
  return state && state !== 'DELETE_COMPLETE' && !state.endsWith('_PENDING') ? lastKnownWords(view) : undefined;
}

/** "The cloud has not answered since 10:42 (last known: Running)." */
function problemSentence(problem: CloudProblem, view: LabView, now: number): string {
  const known = lastKnown(view);
  const headline = cloudProblemWords(problem, now).headline;
  return known ? translator.t('lab.message.problemKnown', { headline, known }) : translator.t('lab.message.problem', { headline });
}

function problemActions(problem: Pick<CloudProblem, 'kind'>, now: number, first: readonly LabMessageAction[] = []): LabMessageAction[] {
  return cloudProblemWords({ kind: problem.kind, since: now, retryAt: null }, now).fixIn ? [...first, OPEN_SETTINGS()] : [...first];
}

/** A job at work while the cloud misbehaves, or waiting to try again: why, which attempt, when the next. */
function waitingMessage(view: LabView, now: number): LabMessage | undefined {
  const job = view.activity!;
  const waiting = isWaitingToRetry(job);
  const current = view.cloud?.problem ?? null;
  if (!waiting && !current) return undefined;
  const name = labJobName(job.type);
  const storedKind = cloudProblemOfJobKind(job.errorKind);
  let why: string;
  if (current) why = problemSentence(current, view, now);
  else if (storedKind)
    why = translator.t('lab.message.attemptFailedCause', {
      attempt: job.attempt,
      max: job.maxAttempts,
      cause: cloudProblemWords({ kind: storedKind, since: now, retryAt: null }, now).cause,
    });
  else why = translator.t('lab.message.attemptFailed', { attempt: job.attempt, max: job.maxAttempts });
  const attempt = waiting
    ? translator.t('lab.message.triesAgain', { job: name, attempt: job.attempt + 1, max: job.maxAttempts })
    : translator.t('lab.message.attempt', { job: name, attempt: job.attempt, max: job.maxAttempts });
  const kind = current?.kind ?? storedKind;
  return {
    key: `wait:${job.jobId}:${job.attempt}:${kind ?? ''}`,
    tone: kind === 'slow' ? 'info' : 'warn',
    text: translator.t('lab.message.waiting', { why, attempt }),
    ...(waiting ? { nextTryAt: job.nextTryAt! } : {}),
    ...(kind ? { advice: cloudProblemWords({ kind, since: now, retryAt: current?.retryAt ?? null }, now).advice } : {}),
    detail: details(current?.detail, jobErrorText(job)),
    actions: kind ? problemActions({ kind }, now, [CANCEL()]) : [CANCEL()],
  };
}

/** The newest job ended without doing what it was asked. */
function endedMessage(view: LabView, now: number): LabMessage | undefined {
  const job = view.activity!;
  const name = labJobName(job.type);
  const state = view.lab ? heatState(view.lab.state) : undefined;
  const known = lastKnown(view);
  if (job.status === 'cancelled') {
    return {
      key: `job:${job.jobId}`,
      tone: 'info',
      text: known ? translator.t('lab.message.stoppedKnown', { job: name, known }) : translator.t('lab.message.stopped', { job: name }),
      detail: details(jobErrorText(job), state),
      actions: [],
    };
  }
  if (job.status !== 'failed') return undefined;
  const kind = cloudProblemOfJobKind(job.errorKind);
  if (kind) {
    const current = view.cloud?.problem ?? null;
    const words = cloudProblemWords({ kind, since: current?.since ?? now, retryAt: current?.retryAt ?? null }, now);
    const facts = [
      current?.kind === kind ? translator.t('lab.message.since', { time: clockTimeOf(current.since) }) : '',
      known ? translator.t('lab.message.lastKnown', { known }) : '',
    ].filter(Boolean);
    const text = !current
      ? translator.t('lab.message.notFinishedAnswersAgain', { job: name, cause: words.cause })
      : facts.length
        ? translator.t('lab.message.notFinishedFacts', { job: name, cause: words.cause, facts: facts.join('; ') })
        : translator.t('lab.message.notFinishedCause', { job: name, cause: words.cause });
    return {
      key: `job:${job.jobId}`,
      tone: 'error',
      text,
      advice: words.advice,
      detail: details(jobErrorText(job), current?.detail, state),
      actions: problemActions({ kind }, now),
    };
  }
  // Errors with a kind of their own were written for the learner (usage limit, capacity, Heat's reason).
  const own = job.errorKind ? jobErrorWords(job) : undefined;
  return {
    key: `job:${job.jobId}`,
    tone: 'error',
    text: own?.text ?? translator.t('lab.message.notFinished', { job: name }),
    detail: details(own ? own.detail : jobErrorText(job), state),
    actions: [],
  };
}

function failedStateText(state: string): string {
  if (state === 'LAUNCH_TIMEOUT') return translator.t('lab.message.launchTimeout');
  if (state === 'LAUNCH_ERROR') return translator.t('lab.message.launchError');
  return translator.t('lab.message.lastActionFailed');
}

/**
 * Every message the header could show, most urgent first; it shows the first the learner has not
 * dismissed. Nothing here advises a reset for a cloud that is down, slow or refusing a sign-in:
 * none of those is a reason to delete a learner's work.
 */
export function labMessages({ view, callError, callErrorCode, notice, now }: LabMessageInput): LabMessage[] {
  const out: LabMessage[] = [];
  if (callError)
    out.push({
      key: `call:${callError}`,
      tone: 'error',
      ...splitDetail(callError),
      actions: callErrorCode === 'credentials_refused' ? [OPEN_SETTINGS()] : [],
    });
  const job = view?.activity ?? null;
  const busy = isBusy(job);
  if (view && job) {
    const first = busy ? waitingMessage(view, now) : endedMessage(view, now);
    if (first) out.push(first);
  }
  const problem = view?.cloud?.problem;
  if (view && problem && !busy) {
    out.push({
      key: `cloud:${problem.kind}:${problem.since}`,
      tone: problem.kind === 'slow' ? 'info' : 'warn',
      text: problemSentence(problem, view, now),
      advice: cloudProblemWords(problem, now).advice,
      detail: details(problem.detail),
      actions: problemActions(problem, now),
    });
  }
  if (notice) {
    out.push({
      key: `notice:${notice.kind}:${notice.at}`,
      tone: notice.kind === 'hook-failed' ? 'warn' : 'info',
      ...splitDetail(notice.message),
      actions: notice.kind === 'idle-suspend-soon' ? [{ kind: 'keep-running', label: translator.t('lab.message.keepRunning') }] : [],
    });
  }
  const lab = view?.lab;
  if (lab && lab.group === 'failed' && lab.error) {
    out.push({
      key: `lab:${lab.state}:${lab.updatedAt}`,
      tone: 'error',
      text: failedStateText(lab.state),
      detail: details(lab.error, heatState(lab.state)),
      actions: [],
    });
  }
  if (view?.update) {
    out.push({
      key: `update:${view.update.courseVersion}`,
      tone: 'info',
      text: translator.t('lab.message.updated', { course: view.update.courseVersion, lab: view.update.labVersion }),
      advice: translator.t('lab.message.updateAdvice'),
      actions: [{ kind: 'reset-to-update', label: translator.t('lab.message.resetTo', { version: view.update.courseVersion }) }],
    });
  }
  return out;
}
