/**
 * A lab job's failure keeps the catalogue message it was composed from: the job's error (on the real
 * queue, read back from its database) carries the key and parameters beside the English, so the app
 * and the CLI can show it in the reader's language.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createTranslator } from '../../shared/i18n';
import { translateMessage } from '../../shared/i18n/message';
import { defineJob } from '../jobs/job-registry';
import { tempQueue, type TempQueue } from '../jobs/jobs-kit.test-support';
import { ManualClock } from '../jobs/manual-clock.test-support';
import { CloudUnreachableError } from './cloud-proof';
import { LabCreateFailedError, LabLaunchTimeoutError, NoCapacityError, UsageLimitError } from './lab-errors';

let open: TempQueue | undefined;
afterEach(() => {
  open?.close();
  open = undefined;
});

function failingJob(error: () => unknown, maxAttempts = 1) {
  return defineJob({
    type: 'lab.launch',
    payload: z.object({ courseId: z.string() }),
    maxAttempts,
    key: (p) => p.courseId,
    handler: async () => {
      throw error();
    },
  });
}

async function failedError(error: () => unknown, maxAttempts = 1) {
  const job = failingJob(error, maxAttempts);
  open = tempQueue([job], new ManualClock());
  const { id } = open.queue.enqueue(job, { courseId: 'intro-linux' }).job;
  await open.queue.worker().runUntilIdle();
  // Read back by another connection, as another process (the CLI, the app) would.
  return open.openPeer().get(id)!;
}

const german = createTranslator('de');

describe('a lab job that fails', () => {
  it('keeps the usage limit’s key and parameters beside its English, and reads in German', async () => {
    const job = await failedError(() => new UsageLimitError(1.46, 1));
    expect(job.status).toBe('failed');
    expect(job.error).toEqual({
      message: 'You have used 1.5 of your 1 lab hours; launching and resuming labs is blocked. Ask your instructor to raise the limit.',
      kind: 'usage_limit',
      messageKey: 'lab.failure.usageLimit',
      messageParams: { used: 1.46, limit: 1 },
    });
    expect(translateMessage(german, job.error!.messageKey!, job.error!.messageParams)).toBe(
      'Du hast 1,5 deiner 1 Lab-Stunden verbraucht; Labs starten und fortsetzen ist gesperrt. Bitte deine Lehrkraft, die Grenze zu erhöhen.',
    );
  });

  it('keeps Heat’s reason as a raw parameter of a failed create', async () => {
    const job = await failedError(() => new LabCreateFailedError('school', 'Resource CREATE failed: ValueError'));
    expect(job.error?.message).toBe('The lab could not be created on cloud "school". Heat\'s reason: Resource CREATE failed: ValueError');
    expect(translateMessage(german, job.error!.messageKey!, job.error!.messageParams)).toBe(
      'Das Lab konnte auf der Cloud „school“ nicht erstellt werden. Grund laut Heat: Resource CREATE failed: ValueError',
    );
  });

  it('keeps a cloud fault’s key across a retry, while it waits for the next attempt', async () => {
    const job = await failedError(() => new CloudUnreachableError('school', 'launch', 'ECONNREFUSED'), 3);
    expect(job.status).toBe('queued');
    expect(job.error).toMatchObject({ kind: 'cloud-unreachable', messageKey: 'cloud.unreachable' });
    expect(translateMessage(german, job.error!.messageKey!, job.error!.messageParams)).toMatch(/^Die Cloud „school“/);
  });

  it('keeps no key for an error in the client’s or cloud’s own words', async () => {
    const job = await failedError(() => new Error('socket hang up'));
    expect(job.error).toEqual({ message: 'socket hang up' });
  });

  it('keeps no key when the text was rewritten on the way (the key would say something else)', async () => {
    const job = await failedError(() => {
      const error = new NoCapacityError(['a']);
      error.message = 'something else';
      return error;
    });
    expect(job.error).toEqual({ message: 'something else', kind: 'no_capacity' });
  });
});

describe('the English of lab failures', () => {
  it('reads as before the catalogue', () => {
    expect(new NoCapacityError(['a', 'b']).message).toBe(
      'No cloud has room for another lab (tried a, b; raise the capacity in Settings › Lab limits or lab_console.capacity in clouds.yaml).',
    );
    expect(new NoCapacityError([]).message).toBe(
      'No cloud is configured for labs. Add one in Settings › Clouds or in clouds.yaml, or pass --os-cloud.',
    );
    expect(new LabLaunchTimeoutError('intro-linux', 900, { step: 'waiting-out', action: 'DELETE' }).message).toBe(
      'The lab of course "intro-linux" was not ready within its launch_timeout of 15 min (while waiting for delete to finish). Try again later, or ask the course author to raise lab.timeouts.launch_timeout.',
    );
    expect(new UsageLimitError(0.0001, 0.0003).message).toMatch(/^You have used 0\.0 of your 0\.0003 lab hours;/);
  });
});
