import { COURSE_ID_PATTERN, STEP_ID_PATTERN } from '../../../shared/course/course-manifest';
import type { ScriptHost } from './remote-script';

/**
 * A step the course's solve script did is marked on the lab itself, in the lab user's home
 * (`~/.lab-console/solved/COURSE/STEP`): the instructor's checks run over SSH on the lab and read
 * it there, as they read everything else of the learner's work. It says what happened; it is no
 * proof — the learner owns that folder.
 */
export const SOLVED_FOLDER = '.lab-console/solved';

/** Both ids are checked against their patterns (letters, digits, "-", "_"): nothing in them needs quoting. */
function folderOf(courseId: string): string {
  if (!COURSE_ID_PATTERN.test(courseId)) throw new Error(`not a course id: ${JSON.stringify(courseId)}`);
  return `"$HOME"/${SOLVED_FOLDER}/${courseId}`;
}

export async function markSolved(host: Pick<ScriptHost, 'exec'>, courseId: string, stepId: string, at: number): Promise<void> {
  if (!STEP_ID_PATTERN.test(stepId)) throw new Error(`not a step id: ${JSON.stringify(stepId)}`);
  const folder = folderOf(courseId);
  const result = await host.exec(`mkdir -p ${folder} && echo ${Math.floor(at / 1000)} > ${folder}/${stepId}`, { timeoutMs: 15_000 });
  if (result.code !== 0) throw new Error(`could not mark the step solved on the lab: ${result.stderr.trim() || `status ${result.code}`}`);
}

/** The steps of a course marked solved on this machine; none when there is no such folder. */
export async function readSolvedSteps(host: Pick<ScriptHost, 'exec'>, courseId: string): Promise<Set<string>> {
  const result = await host.exec(`ls -1 ${folderOf(courseId)} 2>/dev/null || true`, { timeoutMs: 15_000, maxOutputBytes: 64 * 1024 });
  return new Set(
    result.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((name) => STEP_ID_PATTERN.test(name)),
  );
}
