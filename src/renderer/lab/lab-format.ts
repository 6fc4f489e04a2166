import { numberFormat } from '../../shared/i18n/number-format';
import { formatMoney } from '../../shared/labs/money-format';
import { translator } from '../i18n/translator';

/**
 * Numbers, durations, times and money on the Lab screen in the reader's language (the
 * translator's); the instructor's screens use them too. The CLI writes its own through its CliText.
 */

function number(value: number, digits: Pick<Intl.NumberFormatOptions, 'minimumFractionDigits' | 'maximumFractionDigits'>): string {
  return numberFormat(translator.language, digits).format(value);
}

/** "6.5", "10": hours with at most one decimal. */
export function fewHours(value: number): string {
  return number(value, { maximumFractionDigits: 1 });
}

/** "3.5 h", and under an hour in minutes so a short session is not "0.0 h". */
export function labHours(seconds: number): string {
  if (seconds > 0 && seconds < 3600) return translator.t('lab.units.minutes', { value: number(Math.max(1, Math.round(seconds / 60)), {}) });
  return translator.t('lab.units.hours', { value: number(seconds / 3600, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) });
}

/** "2 min", "1 h", "1 h 30 min", "45 s": a course's durations as a learner reads them. */
export function spokenDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const min = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const parts = [
    h ? translator.t('lab.units.hours', { value: number(h, {}) }) : '',
    min ? translator.t('lab.units.minutes', { value: number(min, {}) }) : '',
    s && !h ? translator.t('lab.units.seconds', { value: number(s, {}) }) : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : translator.t('lab.units.seconds', { value: number(0, {}) });
}

/** "14:05" in the reader's local time; the lab's clock speaks in 24 hours in every language. */
export function clockTimeOf(ms: number): string {
  return new Intl.DateTimeFormat(translator.language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** Money in the rate's own currency, written the reader's way ("€1.24", "1,24 €"). */
export function labMoney(amount: number, currency: string): string {
  return formatMoney(amount, currency, translator.language);
}

/** "2026-11" (a UTC month) → "November 2026"; anything else as it is. */
export function monthName(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1);
  return new Intl.DateTimeFormat(translator.language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at);
}
