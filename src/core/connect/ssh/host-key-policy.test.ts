import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/database';
import { systemClock } from '../../time/clock';
import { sha256Fingerprint } from './fingerprint';
import { HostKeyPins } from './host-key-pins';
import { decideHostKey } from './host-key-policy';
import { HostKeyChangedError, HostKeyMismatchError } from './ssh-errors';

const keyBlob = (n: number): Buffer => {
  const type = Buffer.from('ssh-ed25519');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(type.length);
  return Buffer.concat([len, type, Buffer.alloc(36, n)]);
};
const target = { host: '10.0.0.5', port: 22, username: 'lab' };

describe('host key policy', () => {
  const pins = new HostKeyPins(openDatabase({ path: ':memory:' }), systemClock);
  const policy = (stackId: string) => ({ kind: 'pinned' as const, pins, stackId, connection: 'terminal' });

  it('pins the first key of a stack and accepts it again', () => {
    const first = decideHostKey(policy('stack-1'), target, keyBlob(1));
    expect(first).toMatchObject({ accepted: true, pinnedNow: true, keyType: 'ssh-ed25519' });
    expect(decideHostKey(policy('stack-1'), target, keyBlob(1))).toMatchObject({ accepted: true, pinnedNow: false });
    expect(pins.listForStack('stack-1')).toHaveLength(1);
  });

  it('refuses a changed key on the same stack, naming both fingerprints', () => {
    const decision = decideHostKey(policy('stack-1'), target, keyBlob(2));
    expect(decision.accepted).toBe(false);
    expect(decision.error).toBeInstanceOf(HostKeyChangedError);
    expect(decision.error!.message).toContain(sha256Fingerprint(keyBlob(1)));
    expect(decision.error!.message).toContain(sha256Fingerprint(keyBlob(2)));
  });

  it('pins afresh for a new stack and forgets a deleted one', () => {
    expect(decideHostKey(policy('stack-2'), target, keyBlob(2))).toMatchObject({ accepted: true, pinnedNow: true });
    expect(pins.forgetStack('stack-1')).toBe(1);
    expect(decideHostKey(policy('stack-1'), target, keyBlob(3))).toMatchObject({ accepted: true, pinnedNow: true });
  });

  it('verifies strictly against a published fingerprint and never pins', () => {
    const expected = { kind: 'expected' as const, fingerprint: sha256Fingerprint(keyBlob(4)) };
    expect(decideHostKey(expected, target, keyBlob(4)).accepted).toBe(true);
    const wrong = decideHostKey(expected, target, keyBlob(5));
    expect(wrong.error).toBeInstanceOf(HostKeyMismatchError);
    expect(pins.listForStack('stack-9')).toEqual([]);
  });
});
