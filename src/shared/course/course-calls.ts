import * as z from 'zod';
import { CourseDetail, CourseSummary, ImportResult, SearchHit, StepContent, StepStatus } from './course-library';
import { COURSE_ID_PATTERN, STEP_ID_PATTERN } from './course-manifest';
import { searchQueryProblem } from './course-search-query';

const SearchQuery = z.string().superRefine((query, ctx) => {
  const problem = searchQueryProblem(query);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * The course calls between UI and app, in the shape of the contract table
 * (src/shared/contract/contract.ts spreads them into `calls`).
 */
const CourseId = z.string().regex(COURSE_ID_PATTERN);
const StepId = z.string().regex(STEP_ID_PATTERN);
const Ok = z.object({ ok: z.literal(true) });

export const courseCalls = {
  'course.list': { input: z.object({}).strict(), output: z.array(CourseSummary) },
  'course.get': { input: z.object({ id: CourseId }).strict(), output: CourseDetail },
  'course.readStep': { input: z.object({ courseId: CourseId, stepId: StepId }).strict(), output: StepContent },
  /** A bundle path on this machine (file picker / drop in Electron, an uploaded temp file in browser mode). */
  'course.import': {
    input: z.object({ path: z.string().min(1), force: z.boolean().default(false) }).strict(),
    output: ImportResult,
  },
  'course.remove': { input: z.object({ id: CourseId }).strict(), output: Ok },
  'course.search': {
    input: z.object({ query: SearchQuery, limit: z.number().int().min(1).max(200).default(20) }).strict(),
    output: z.array(SearchHit),
  },
  'course.setProgress': {
    input: z.object({ courseId: CourseId, stepId: StepId, status: StepStatus }).strict(),
    output: Ok,
  },
  /** Also marks the step visited when it was not started. */
  'course.openStep': { input: z.object({ courseId: CourseId, stepId: StepId }).strict(), output: Ok },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
