/**
 * A worker (or waiter) process for the multi-process job tests, run as
 * `node --import tsx test/support/jobs-child.ts <command> ...` so a test can SIGKILL the worker
 * itself (an npx wrapper would take the signal instead). Prints one JSON object per line.
 */
import { parseArgs } from 'node:util';
import { crashPoint } from '../../src/core/jobs/crash-points';
import { JobQueue } from '../../src/core/jobs/job-queue';
import { openDatabase } from '../../src/core/store/database';
import { createEffectTables, testRegistry } from './jobs-test-types';

const say = (value: object): void => void process.stdout.write(`${JSON.stringify(value)}\n`);

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    db: { type: 'string' },
    owner: { type: 'string', default: `child-${process.pid}` },
    lease: { type: 'string', default: '1000' },
    heartbeat: { type: 'string', default: '250' },
    poll: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '4' },
    drain: { type: 'string', default: '5000' },
    follow: { type: 'boolean', default: false },
    id: { type: 'string' },
  },
});

const [command, argument] = positionals;

if (command === 'crash-at') {
  crashPoint(argument ?? '');
  say({ event: 'survived', pid: process.pid });
} else {
  const db = openDatabase({ path: values.db! });
  createEffectTables(db);
  const queue = new JobQueue({ db, registry: testRegistry(db, values.owner!) });

  if (command === 'wait') {
    say({ event: 'ready', pid: process.pid });
    const job = await queue.waitFor(Number(values.id));
    say({ event: 'finished', job });
  } else if (command === 'work') {
    const worker = queue.worker({
      owner: values.owner,
      leaseMs: Number(values.lease),
      heartbeatMs: Number(values.heartbeat),
      pollMs: Number(values.poll),
      concurrency: Number(values.concurrency),
    });
    queue.on((event) => say({ event: event.kind, id: event.job.id, status: event.job.status }));
    say({ event: 'ready', pid: process.pid, owner: worker.owner });
    if (values.follow) {
      // Listening before the first claim, as `lab-console jobs work --follow` does: a SIGTERM that came
      // between them would end the child before it could give its job back.
      const terminated = new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
      worker.start();
      await terminated;
      const { released } = await worker.drain(Number(values.drain));
      say({ event: 'drained', released, counts: worker.counts });
    } else {
      await worker.runUntilIdle();
      say({ event: 'idle', counts: worker.counts });
    }
  } else {
    throw new Error(`unknown command ${command}`);
  }
  db.close();
}
