/**
 * The local job queue, shared through the store's SQLite file by every process (app, CLI, worker).
 *
 *   const launch = defineJob({ type: 'lab.launch', payload: LaunchPayload, maxAttempts: 5,
 *     key: (p) => labKey(p), dedupeKey: (p) => `launch:${labKey(p)}`, handler: launchLab });
 *   const queue = new JobQueue({ db, registry: new JobRegistry([launch]), clock, logger });
 *   const { job, joined } = queue.enqueue(launch, payload);   // joined: a launch was already under way
 *   const worker = new JobWorker(queue, { concurrency: 4 }); worker.start();   // the app / `jobs work`
 *   await runOrWait(worker, job.id);                         // a CLI command with --wait
 *   await worker.drain(10_000);                              // on quit
 *
 * Handlers converge (they may run again after a crash at any point), honour ctx.signal, report
 * ctx.progress, call crashPoint('after-…') between persisted steps, and throw PermanentJobError when
 * a retry cannot help.
 */
export * from './backoff';
export * from './crash-points';
export * from './job-errors';
export * from './job-queue';
export * from './job-registry';
export * from './job-store';
export * from './job-worker';
export * from './run-or-wait';
