import { describe, expect, it } from 'vitest';
import { createTranslator } from '../i18n/i18n';
import { labJobKey, labJobName, labJobWords, labStateWords } from './lab-words';

describe('the words for a lab’s state', () => {
  it('carry a catalogue key for the reader’s language and the English word for the CLI’s tables', () => {
    const running = labStateWords({ state: 'CREATE_COMPLETE', group: 'up', ready: true });
    expect(running).toEqual({ key: 'common:labState.running', word: 'Running', tone: 'ok' });
    const de = createTranslator('de');
    expect(de.t(running.key)).toBe('Läuft');
    expect(de.t(labStateWords({ state: 'SUSPEND_COMPLETE' }).key)).toBe('Angehalten');
    expect(de.t(labStateWords({ state: null }).key)).toBe('Kein Lab');
    expect(de.t(labJobWords('lab.suspend', 'CREATE_COMPLETE').key)).toBe('Wird angehalten…');
    expect(labStateWords({ state: 'CREATE_FAILED' }).word).toBe('Failed');
  });

  it('name a job in a sentence, in English and by key', () => {
    expect(labJobName('lab.suspend')).toBe('Suspend');
    expect(labJobName('lab.other')).toBe('The action');
    expect(createTranslator('de').t(labJobKey('lab.resume'))).toBe('Fortsetzen');
  });
});
