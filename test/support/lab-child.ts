/**
 * A separate process running one lab job against the sandbox, for crash tests: it prints JSON lines
 * ({event: "progress" | "done"}) and dies where LAB_CONSOLE_CRASH_AT says.
 *   lab-child.ts DIR TYPE COURSE_ID COURSE_PATH CLOUDS_JSON
 */
import type { LabJobType } from '../../src/core/labs/lab-jobs';
import { readSandboxState } from '../sandbox/state';
import { labHarness, type LabCloudSpec } from './lab-harness';

const [dir, type, courseId, coursePath, cloudsJson] = process.argv.slice(2) as [string, LabJobType, string, string, string];
const print = (line: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

const h = await labHarness({ state: readSandboxState(), clouds: JSON.parse(cloudsJson) as LabCloudSpec[], course: coursePath, dir });
h.service.queue.on((event) => {
  if (event.kind === 'progress') print({ event: 'progress', message: event.job.progress?.message, fraction: event.job.progress?.fraction });
  if (event.kind === 'started') print({ event: 'started', id: event.job.id, attempt: event.job.attempts });
});
const job = await h.run(type, courseId);
print({ event: 'done', status: job.status, attempts: job.attempts, error: job.error?.message ?? null });
await h.close();
