/**
 * Host key pinning against a real sshd whose host key is replaced: trust on first use per lab
 * stack, pinned in the app's SQLite store; a changed key on the same stack is refused with both
 * fingerprints; a new stack pins afresh; a published fingerprint is checked strictly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostKeyChangedError, HostKeyMismatchError, HostKeyPins, SshSession, type HostKeyPolicy } from '../../src/core/connect/ssh';
import { openDatabase, type Db } from '../../src/core/store/database';
import { systemClock } from '../../src/core/time/clock';
import { TestSshd } from '../support/test-sshd';

let sshd: TestSshd;
let dir: string;
let db: Db;
let pins: HostKeyPins;

beforeAll(async () => {
  sshd = await TestSshd.start();
  dir = mkdtempSync(join(tmpdir(), 'lc-pins-'));
  db = openDatabase({ path: join(dir, 'lab-console.db') });
  pins = new HostKeyPins(db, systemClock);
});
afterAll(async () => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
  await sshd?.dispose();
});

const connect = (hostKey: HostKeyPolicy) =>
  SshSession.connect({
    host: '127.0.0.1',
    port: sshd.port,
    username: sshd.user,
    auth: { privateKey: sshd.clientKey.privateKey },
    hostKey,
    readyTimeoutMs: 10_000,
  });
const pinned = (stackId: string): HostKeyPolicy => ({ kind: 'pinned', pins, stackId, connection: 'terminal' });

describe('SSH host keys', () => {
  it('pins the host key on first use for a stack, then refuses a changed key with both fingerprints', async () => {
    const first = await connect(pinned('stack-a'));
    expect(first.hostKey).toMatchObject({ pinnedNow: true, fingerprint: sshd.hostFingerprint, keyType: 'ssh-ed25519' });
    first.close();
    const stored = pins.get({ stackId: 'stack-a', connection: 'terminal', host: '127.0.0.1', port: sshd.port });
    expect(stored?.fingerprint).toBe(sshd.hostFingerprint);

    const again = await connect(pinned('stack-a'));
    expect(again.hostKey.pinnedNow).toBe(false);
    again.close();

    const original = sshd.hostFingerprint;
    await sshd.rotateHostKey();
    expect(sshd.hostFingerprint).not.toBe(original);
    const error = await connect(pinned('stack-a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostKeyChangedError);
    const changed = error as HostKeyChangedError;
    expect(changed.expectedFingerprint).toBe(original);
    expect(changed.receivedFingerprint).toBe(sshd.hostFingerprint);
    expect(changed.message).toMatch(/^WARNING: the host key of 127\.0\.0\.1:\d+ has changed/);
    expect(changed.message).toContain(`Expected ${original}, received ${sshd.hostFingerprint}`);
    // The refusal does not overwrite the pin: the next try is refused too.
    expect(pins.get({ stackId: 'stack-a', connection: 'terminal', host: '127.0.0.1', port: sshd.port })?.fingerprint).toBe(original);
  });

  it('pins afresh for a new stack (a reset lab) at the same address', async () => {
    const session = await connect(pinned('stack-b'));
    expect(session.hostKey).toMatchObject({ pinnedNow: true, fingerprint: sshd.hostFingerprint });
    session.close();
    expect(pins.listForStack('stack-b').map((p) => p.fingerprint)).toEqual([sshd.hostFingerprint]);
  });

  it('keeps pins across reopening the store', async () => {
    const reopened = openDatabase({ path: join(dir, 'lab-console.db') });
    try {
      expect(new HostKeyPins(reopened, systemClock).listForStack('stack-b')).toHaveLength(1);
    } finally {
      reopened.close();
    }
  });

  it('verifies strictly against a published fingerprint and never trusts on first use', async () => {
    const ok = await connect({ kind: 'expected', fingerprint: `${sshd.hostFingerprint}=` });
    expect(ok.hostKey.accepted).toBe(true);
    ok.close();
    const stale = 'SHA256:' + Buffer.alloc(32, 7).toString('base64').replace(/=+$/, '');
    const error = await connect({ kind: 'expected', fingerprint: stale }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostKeyMismatchError);
    expect((error as HostKeyMismatchError).message).toContain(`Expected ${stale}, received ${sshd.hostFingerprint}`);
    expect(pins.listForStack('stack-c')).toEqual([]);
  });
});
