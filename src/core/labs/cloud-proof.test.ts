import { describe, expect, it } from 'vitest';
import { AuthFailedError, HeatError, NetworkError, StackActionFailedError, UnexpectedResponseError } from '../openstack/errors';
import { CloudCredentialsRefusedError, CloudUnreachableError, cloudTrouble } from './cloud-proof';
import { englishMessage } from '../../shared/i18n/message';

describe("the learner's reading of a cloud's refusal", () => {
  it('calls a refused login or a refused token a refused sign-in (cloud-credentials), permanent, pointing at Settings › Clouds', () => {
    const refused = cloudTrouble(
      new AuthFailedError('school', 'ann', 'The request you have made requires authentication.', 401),
      'school',
      'delete',
    );
    expect(refused).toBeInstanceOf(CloudCredentialsRefusedError);
    expect(refused).toMatchObject({ apiCode: 'credentials_refused', kind: 'cloud-credentials', permanent: true });
    expect(refused!.message).toBe(
      'Cloud "school" refused Lab Console\'s login, so nothing was deleted: your lab is as it was. Its password or application credential may have changed: update it in Settings › Clouds (or in clouds.yaml for the command line), then try again.',
    );
    expect((refused as CloudCredentialsRefusedError).detail).toMatch(/HTTP 401/);
    expect(cloudTrouble(new HeatError(403, 'Forbidden', 'Access was denied'), 'school', 'reset')).toBeInstanceOf(
      CloudCredentialsRefusedError,
    );
  });

  it('calls an unanswered request or a 5xx cloud_unreachable, which a job retries, and never suggests a reset', () => {
    const down = cloudTrouble(
      new NetworkError('127.0.0.1:5000', 'refused', 'ECONNREFUSED', false, undefined, 'identity'),
      'school',
      'reset',
    );
    expect(down).toBeInstanceOf(CloudUnreachableError);
    expect(down).toMatchObject({ apiCode: 'cloud_unreachable', kind: 'cloud-unreachable' });
    expect(down!.message).not.toMatch(/ECONNREFUSED|reset/i);
    expect(cloudTrouble(new HeatError(503, 'Service Unavailable', ''), 'school', 'suspend')).toBeInstanceOf(CloudUnreachableError);
    expect(cloudTrouble(new UnexpectedResponseError('Keystone', 500, 'POST', 'u', 'boom'), 'school', 'launch')).toBeInstanceOf(
      CloudUnreachableError,
    );
  });

  it('leaves answers about the stack itself (a FAILED stack, a 404, a 409) to the caller', () => {
    expect(cloudTrouble(new StackActionFailedError('s', 'CREATE_FAILED', 'boom'), 'school', 'launch')).toBeUndefined();
    expect(cloudTrouble(new HeatError(404, 'Not Found', ''), 'school', 'delete')).toBeUndefined();
    expect(cloudTrouble(new HeatError(409, 'Conflict', ''), 'school', 'delete')).toBeUndefined();
  });
});

describe('cloud faults in the reader’s language', () => {
  it('carry the message key the API sends, their English sentence made from it', () => {
    const down = cloudTrouble(new NetworkError('127.0.0.1', 'refused', 'ECONNREFUSED', false), 'lab-cloud', 'delete')!;
    expect(down.localized).toEqual({ key: 'cloud.unreachable', params: { cloud: 'lab-cloud', untouched: { key: 'untouched.delete' } } });
    expect(down.message).toBe(englishMessage(down.localized));
  });
});
