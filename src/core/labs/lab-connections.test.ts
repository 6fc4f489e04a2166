import { describe, expect, it } from 'vitest';
import { sentenceOf } from '../api/user-error';
import { LabNotReadyError, notRunningState, whyNoStack, whyNoStackMessage } from './lab-connections';

describe('a lab that is not running, in the reader’s language', () => {
  it('keeps its English sentence and sends the key with the reason nested in', () => {
    const error = new LabNotReadyError('intro-linux', whyNoStackMessage({ state: 'DELETE_COMPLETE', error: 'Stack not found' }));
    expect(error.message).toBe(
      'The lab of course "intro-linux" is not running: it is gone, the cloud no longer has it (it was deleted outside Lab Console, for example by your instructor). Launch or resume it first.',
    );
    expect(sentenceOf(error)).toMatchObject({
      messageKey: 'lab.notRunning.sentence',
      messageParams: { courseId: 'intro-linux', why: { key: 'lab.notRunning.gone' } },
    });
    expect(new LabNotReadyError('c', notRunningState('SUSPEND_COMPLETE')).message).toBe(
      'The lab of course "c" is not running: its state is SUSPEND_COMPLETE. Launch or resume it first.',
    );
    expect(whyNoStack(undefined)).toBe('it has not been launched');
  });
});
