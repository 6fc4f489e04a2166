import type { Db } from '../../store/database';
import type { Clock } from '../../time/clock';

/** Identifies one pinned host: the lab stack, the course's connection name, and the address. */
export interface PinKey {
  readonly stackId: string;
  readonly connection: string;
  readonly host: string;
  readonly port: number;
}

export interface HostKeyPin extends PinKey {
  readonly keyType: string;
  /** `SHA256:…` */
  readonly fingerprint: string;
  readonly pinnedAt: number;
}

interface PinRow {
  stack_id: string;
  connection: string;
  host: string;
  port: number;
  key_type: string;
  fingerprint: string;
  pinned_at: number;
}

const toPin = (r: PinRow): HostKeyPin => ({
  stackId: r.stack_id,
  connection: r.connection,
  host: r.host,
  port: r.port,
  keyType: r.key_type,
  fingerprint: r.fingerprint,
  pinnedAt: r.pinned_at,
});

/** Host keys trusted on first use, per lab stack (table `ssh_host_keys`, migration 3). */
export class HostKeyPins {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  get(key: PinKey): HostKeyPin | undefined {
    const row = this.db
      .prepare('SELECT * FROM ssh_host_keys WHERE stack_id = ? AND connection = ? AND host = ? AND port = ?')
      .get(key.stackId, key.connection, key.host, key.port) as PinRow | undefined;
    return row ? toPin(row) : undefined;
  }

  /**
   * Pins `fingerprint` unless a key is already pinned; returns the pin now in force. Insert-or-keep
   * in one statement, so two sessions opening at once cannot both pin different keys.
   */
  pinIfAbsent(key: PinKey, keyType: string, fingerprint: string): HostKeyPin {
    this.db
      .prepare(
        'INSERT INTO ssh_host_keys (stack_id, connection, host, port, key_type, fingerprint, pinned_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(key.stackId, key.connection, key.host, key.port, keyType, fingerprint, this.clock.now());
    const pin = this.get(key);
    if (!pin) throw new Error(`The host key pin of ${key.host}:${key.port} vanished right after it was written.`);
    return pin;
  }

  listForStack(stackId: string): HostKeyPin[] {
    const rows = this.db.prepare('SELECT * FROM ssh_host_keys WHERE stack_id = ? ORDER BY connection, host, port').all(stackId) as PinRow[];
    return rows.map(toPin);
  }

  /** Called when a lab's stack is deleted: its machines will never answer again. */
  forgetStack(stackId: string): number {
    return this.db.prepare('DELETE FROM ssh_host_keys WHERE stack_id = ?').run(stackId).changes;
  }
}
