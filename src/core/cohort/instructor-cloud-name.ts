import type { InstructorSetting } from '../../shared/contract';

/** The cloud the instructor's cohort is read with: LAB_CONSOLE_INSTRUCTOR_CLOUD, else Settings › Instructor; undefined: the default cloud. */
export function instructorCloudName(instructor: InstructorSetting | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return env.LAB_CONSOLE_INSTRUCTOR_CLOUD || instructor?.cloud || undefined;
}
