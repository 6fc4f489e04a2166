import type { LabView } from '../../shared/labs';

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

/** "2 min", "1 h", "1 h 30 min", "45 s": a course's durations as a learner reads them. */
export function spoken(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const min = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const parts = [h ? `${h} h` : '', min ? `${min} min` : '', s && !h ? `${s} s` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 s';
}

function clockTime(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function hours(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}

export function labClockModel(view: LabView | undefined, now: number): LabClockModel | null {
  const clock = view?.clock;
  const usage = view?.usage;
  const usageModel =
    usage && usage.limitHours !== null
      ? {
          text:
            usage.runningHours >= usage.limitHours
              ? `Lab hours used up: ${hours(usage.runningHours)} of ${hours(usage.limitHours)} h`
              : `Lab hours left: ${hours(usage.limitHours - usage.runningHours)} of ${hours(usage.limitHours)} h`,
          over: usage.runningHours >= usage.limitHours,
        }
      : null;
  if (!clock) return usageModel ? { idle: null, session: null, usage: usageModel } : null;

  let idle: LabClockModel['idle'] = null;
  if (clock.idle) {
    const left = clock.idle.suspendBy - now;
    const active = clock.idle.lastActivityAt !== null && now - clock.idle.lastActivityAt < ACTIVE_WINDOW_MS;
    idle = active
      ? { text: `Suspends after ${spoken(clock.idle.timeoutSeconds)} idle`, counting: false, soon: false }
      : { text: `Idle: suspends in ${countdown(left)}`, counting: true, soon: left <= IDLE_SOON_MS };
  }

  let session: LabClockModel['session'] = null;
  if (clock.session) {
    const s = clock.session;
    const left = s.maxExtensions - s.extensionsUsed;
    session = {
      text: `Session ends ${clockTime(s.endsAt)} (in ${countdown(s.endsAt - now)})`,
      extensions: s.maxExtensions > 0 ? `Extended ${s.extensionsUsed} of ${s.maxExtensions} times` : null,
      extend: left > 0 ? `Extend by ${spoken(s.extensionSeconds)}` : null,
    };
  }
  return { idle, session, usage: usageModel };
}
