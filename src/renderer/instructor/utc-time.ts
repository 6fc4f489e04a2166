/**
 * A time Heat or a progress check wrote ("2026-12-06T19:00:00.123", UTC with or without its Z) as
 * the reader writes a date and time, still in UTC and saying so; one that does not parse as it came.
 */
export function utcDateTime(iso: string, language: string): string {
  // Heat's event times carry no zone, yet are UTC: without the Z, Date would read them as local.
  const at = Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(at)) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'long', timeZone: 'UTC' }).format(at);
}
