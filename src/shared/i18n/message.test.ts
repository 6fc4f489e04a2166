import { describe, expect, it } from 'vitest';
import { createTranslator } from './i18n';
import { englishMessage, localized, translateMessage } from './message';

describe('messages composed by the app', () => {
  const refusal = { key: 'cloud.credentialsRefused', params: { cloud: 'lab', untouched: { key: 'untouched.resume' } } } as const;

  it('takes the English sentence from the catalogue, nested messages filled in', () => {
    expect(englishMessage(refusal)).toMatch(
      /^Cloud "lab" refused Lab Console's login, so the lab stays suspended, with your work in it\. /,
    );
  });

  it('says the same message in German, the raw words verbatim', () => {
    const text = translateMessage(createTranslator('de'), refusal.key, refusal.params);
    expect(text).toMatch(/^Die Cloud „lab“ hat die Anmeldung von Lab Console abgelehnt, daher das Lab bleibt angehalten/);
  });

  it('leaves a key it does not know (or a nested one) to the sender’s sentence', () => {
    const de = createTranslator('de');
    expect(translateMessage(de, 'cloud.fromTheFuture')).toBeUndefined();
    expect(translateMessage(de, 'cloud.unreachable', { cloud: 'c', untouched: { key: 'untouched.fly' } })).toBeUndefined();
  });

  it('never lets a parameter act as a translator option or a nested key', () => {
    const text = translateMessage(createTranslator('de'), 'cloud.unreachable', {
      cloud: '$t(untouched.launch) {{lng}}',
      lng: 'en',
      untouched: 'x',
    });
    expect(text).toMatch(/^Die Cloud „\$t\(untouched\.launch\) \{\{lng\}\}“ antwortet gerade nicht, daher x\./);
  });

  it('sends the key and parameters beside the English sentence', () => {
    expect(localized(refusal)).toEqual({ message: englishMessage(refusal), messageKey: refusal.key, messageParams: refusal.params });
  });

  it('picks a plural form by the count parameter in each language', () => {
    const usedUp = { key: 'lab.extend.usedUp', params: { count: 1 } } as const;
    expect(englishMessage(usedUp)).toBe('This session was already extended 1 times, as many as the course allows.');
    expect(translateMessage(createTranslator('de'), usedUp.key, usedUp.params)).toBe(
      'Diese Sitzung wurde schon einmal verlängert, so oft der Kurs es erlaubt.',
    );
    expect(translateMessage(createTranslator('de'), usedUp.key, { count: 3 })).toBe(
      'Diese Sitzung wurde schon 3-mal verlängert, so oft der Kurs es erlaubt.',
    );
  });
});
