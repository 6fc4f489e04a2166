import { keyTypeOf, normalizeFingerprint, sha256Fingerprint } from './fingerprint';
import type { HostKeyPins } from './host-key-pins';
import { HostKeyChangedError, HostKeyMismatchError, type SshTarget } from './ssh-errors';

/**
 * How a session decides whether to trust the key a host presents.
 * - `expected`: the template published the fingerprint; verify strictly, never pin.
 * - `pinned`: trust on first use, per lab stack and connection.
 */
export type HostKeyPolicy =
  | { readonly kind: 'expected'; readonly fingerprint: string }
  | { readonly kind: 'pinned'; readonly pins: HostKeyPins; readonly stackId: string; readonly connection: string };

export interface HostKeyDecision {
  readonly accepted: boolean;
  readonly fingerprint: string;
  readonly keyType: string;
  /** Set when refused: the error the connect call rejects with. */
  readonly error?: HostKeyChangedError | HostKeyMismatchError;
  /** True when this decision pinned a key seen for the first time. */
  readonly pinnedNow: boolean;
}

export function decideHostKey(policy: HostKeyPolicy, target: SshTarget, keyBlob: Buffer): HostKeyDecision {
  const fingerprint = sha256Fingerprint(keyBlob);
  const keyType = keyTypeOf(keyBlob);
  if (policy.kind === 'expected') {
    const expected = normalizeFingerprint(policy.fingerprint);
    if (expected === fingerprint) return { accepted: true, fingerprint, keyType, pinnedNow: false };
    return { accepted: false, fingerprint, keyType, pinnedNow: false, error: new HostKeyMismatchError(target, expected, fingerprint) };
  }
  const key = { stackId: policy.stackId, connection: policy.connection, host: target.host, port: target.port };
  const before = policy.pins.get(key);
  const pin = before ?? policy.pins.pinIfAbsent(key, keyType, fingerprint);
  if (pin.fingerprint === fingerprint) return { accepted: true, fingerprint, keyType, pinnedNow: before === undefined };
  return {
    accepted: false,
    fingerprint,
    keyType,
    pinnedNow: false,
    error: new HostKeyChangedError(target, policy.stackId, pin.fingerprint, fingerprint),
  };
}
