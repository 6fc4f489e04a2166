import type { LabView } from '../../shared/labs';
import { translator } from '../i18n/translator';
import { clockTimeOf, fewHours, spokenDuration } from './lab-format';

/**
 * What the lab's clock says, from the lab's view and the time now: the idle suspend (a countdown
 * only while the learner is idle — activity keeps pushing the deadline, so a countdown then would
 * only jump back every few seconds), the end of the session under max_session with the
 * extensions, and the hours left under the usage limit.
 */
export interface LabClockModel {
  readonly idle: { readonly text: string; readonly counting: boolean; readonly soon: boolean } | null;
  readonly session: {
    readonly text: string;
    readonly extensions: string | null;
    /** "Extend by 1 h" while extensions are left. */
    readonly extend: string | null;
  } | null;
  readonly usage: { readonly text: string; readonly over: boolean } | null;
}

/** Activity less than this long ago counts as "working": the idle clock waits instead of counting. */
export const ACTIVE_WINDOW_MS = 10_000;
/** The last minute before an idle suspend: the clock says so, as the app's notice does. */
export const IDLE_SOON_MS = 60_000;

/** "1:42", "12:05", "1:02:03": time left, in whole seconds. */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export function labClockModel(view: LabView | undefined, now: number): LabClockModel | null {
  const clock = view?.clock;
  const usage = view?.usage;
  const usageModel =
    usage && usage.limitHours !== null
      ? {
          text:
            usage.runningHours >= usage.limitHours
              ? translator.t('lab.clock.hoursUsedUp', { used: fewHours(usage.runningHours), limit: fewHours(usage.limitHours) })
              : translator.t('lab.clock.hoursLeft', {
                  left: fewHours(usage.limitHours - usage.runningHours),
                  limit: fewHours(usage.limitHours),
                }),
          over: usage.runningHours >= usage.limitHours,
        }
      : null;
  if (!clock) return usageModel ? { idle: null, session: null, usage: usageModel } : null;

  let idle: LabClockModel['idle'] = null;
  if (clock.idle) {
    const left = clock.idle.suspendBy - now;
    const active = clock.idle.lastActivityAt !== null && now - clock.idle.lastActivityAt < ACTIVE_WINDOW_MS;
    idle = active
      ? {
          text: translator.t('lab.clock.suspendsAfterIdle', { duration: spokenDuration(clock.idle.timeoutSeconds) }),
          counting: false,
          soon: false,
        }
      : { text: translator.t('lab.clock.idleSuspendsIn', { countdown: countdown(left) }), counting: true, soon: left <= IDLE_SOON_MS };
  }

  let session: LabClockModel['session'] = null;
  if (clock.session) {
    const s = clock.session;
    const left = s.maxExtensions - s.extensionsUsed;
    session = {
      text: translator.t('lab.clock.sessionEnds', { time: clockTimeOf(s.endsAt), countdown: countdown(s.endsAt - now) }),
      extensions: s.maxExtensions > 0 ? translator.t('lab.clock.extended', { used: s.extensionsUsed, max: s.maxExtensions }) : null,
      extend: left > 0 ? translator.t('lab.clock.extendBy', { duration: spokenDuration(s.extensionSeconds) }) : null,
    };
  }
  return { idle, session, usage: usageModel };
}
