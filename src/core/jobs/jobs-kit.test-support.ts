import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../store/database';
import type { Clock } from '../time/clock';
import { JobQueue } from './job-queue';
import { JobRegistry, type AnyJobDefinition } from './job-registry';
import { JobStore } from './job-store';

/** A job queue on a throw-away database file (WAL, migrations: the real store). */
export interface TempQueue {
  readonly path: string;
  readonly db: Db;
  readonly queue: JobQueue;
  /** The table itself, for what a process that died left in it (a claim with no heartbeat after). */
  readonly store: JobStore;
  /** A second connection to the same file, as another process would have. */
  openPeer(definitions?: readonly AnyJobDefinition[]): JobQueue;
  close(): void;
}

export function tempQueue(definitions: readonly AnyJobDefinition[], clock: Clock): TempQueue {
  const dir = mkdtempSync(join(tmpdir(), 'lc-jobs-'));
  const path = join(dir, 'store.db');
  const db = openDatabase({ path });
  const peers: Db[] = [];
  return {
    path,
    db,
    queue: new JobQueue({ db, registry: new JobRegistry(definitions), clock }),
    store: new JobStore(db),
    openPeer: (peerDefinitions = definitions) => {
      const peerDb = openDatabase({ path });
      peers.push(peerDb);
      return new JobQueue({ db: peerDb, registry: new JobRegistry(peerDefinitions), clock });
    },
    close: () => {
      for (const peer of peers) peer.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A promise the test resolves by hand. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
