import * as z from 'zod';

/**
 * What the library hands to the UI and the CLI's --json output: a course in the grid, the course
 * view, one step's content, search hits, and the results of validate / import / pack.
 */

/**
 * A learner's progress on one step. A step with no record is "not_started"; "completed" is done by
 * the learner (every check passed, or marked by hand); "solved" was done by the course's solve script.
 */
export const StepStatus = z.enum(['not_started', 'visited', 'completed', 'solved']);
export type StepStatus = z.infer<typeof StepStatus>;

export const Protocol = z.enum(['ssh', 'rdp', 'vnc']);
export type Protocol = z.infer<typeof Protocol>;

/** One problem in a bundle, located in the file an author edits. */
export const CourseIssue = z.object({
  /** Path inside the bundle, e.g. "course.yaml" or "steps/02-files.md"; "" for the bundle itself. */
  file: z.string(),
  /** 1-based; 0 when the problem is not tied to a line (e.g. a missing file). */
  line: z.number().int(),
  column: z.number().int(),
  /** The field, e.g. "lab.connections[0].protocol"; "" when the issue is about the whole file. */
  path: z.string(),
  message: z.string(),
});
export type CourseIssue = z.infer<typeof CourseIssue>;

/** `course.yaml:12:5 lab.connections[0].protocol: expected "ssh", "rdp" or "vnc", got "telnet"` */
export function formatCourseIssue(issue: CourseIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file || '(bundle)';
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where} ${issue.message}`;
}

/** A card in the library grid. */
export const CourseSummary = z.object({
  id: z.string(),
  title: z.string(),
  version: z.string(),
  description: z.string(),
  authors: z.array(z.string()),
  stepCount: z.number().int(),
  completedSteps: z.number().int(),
  /** The step the learner last had open, to reopen the course there. */
  lastStepId: z.string().nullable(),
  /** Epoch milliseconds of the import of this version. */
  importedAt: z.number(),
  /** Empty for a reading-only course without a lab. */
  protocols: z.array(Protocol),
});
export type CourseSummary = z.infer<typeof CourseSummary>;

export const StepSummary = z.object({
  id: z.string(),
  index: z.number().int(),
  title: z.string(),
  hasChecks: z.boolean(),
  status: StepStatus,
});
export type StepSummary = z.infer<typeof StepSummary>;

export const ConnectionSummary = z.object({
  name: z.string(),
  protocol: Protocol,
  /** The course shows this connection read-only: the app drops what the learner types there. */
  readOnly: z.boolean().optional(),
});
export type ConnectionSummary = z.infer<typeof ConnectionSummary>;

/** A web console of the course's lab (course.yaml `lab.services`), reached through an ssh connection. */
export const ServiceSummary = z.object({ name: z.string(), connection: z.string() });
export type ServiceSummary = z.infer<typeof ServiceSummary>;

/**
 * A tab the Lab screen opens first for this course (course.yaml `lab.tabs`, or one per connection
 * and service); `service` is set for a web console, reached through `connection`.
 */
export const FirstTab = z.object({
  connection: z.string(),
  protocol: Protocol,
  title: z.string().nullable(),
  service: z.string().optional(),
});
export type FirstTab = z.infer<typeof FirstTab>;

/** The course view: the summary plus its steps and what the lab offers. */
export const CourseDetail = CourseSummary.extend({
  steps: z.array(StepSummary),
  connections: z.array(ConnectionSummary),
  services: z.array(ServiceSummary),
  firstTabs: z.array(FirstTab),
});
export type CourseDetail = z.infer<typeof CourseDetail>;

/** An image a step shows, served from the course's folder in the library (never from the network). */
export const StepImage = z.object({
  /** As written in the Markdown or in course.yaml, relative to the step's file or the bundle. */
  ref: z.string(),
  /** Path inside the bundle; the app serves it for (courseId, bundlePath). */
  bundlePath: z.string(),
  mediaType: z.string(),
});
export type StepImage = z.infer<typeof StepImage>;

export const StepContent = z.object({
  courseId: z.string(),
  stepId: z.string(),
  index: z.number().int(),
  title: z.string(),
  /** Path of the Markdown inside the bundle; image refs in it are relative to its folder. */
  file: z.string(),
  markdown: z.string(),
  images: z.array(StepImage),
  previousStepId: z.string().nullable(),
  nextStepId: z.string().nullable(),
  status: StepStatus,
  hasChecks: z.boolean(),
  /** The checks' hints in check order (course.yaml `checks[].hints`), revealed one at a time. */
  hints: z.array(z.object({ check: z.string(), text: z.string() })),
  /** The step has a solve script the learner may run (after confirming). */
  hasSolve: z.boolean(),
  /** How the check result shows, when the course says (course.yaml steps[].check_display). */
  checkDisplay: z
    .object({ button: z.string().nullable(), heading: z.string().nullable(), score: z.boolean(), hints: z.boolean() })
    .optional(),
});
export type StepContent = z.infer<typeof StepContent>;

/** A search result; `stepId` null means the course itself matched (its title or description). */
export const SearchHit = z.object({
  courseId: z.string(),
  courseTitle: z.string(),
  stepId: z.string().nullable(),
  title: z.string(),
  /** Plain text around the first match, for the result list. */
  snippet: z.string(),
  /** The indexed terms that matched, for highlighting. */
  terms: z.array(z.string()),
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const ImportedCourse = z.object({
  course: CourseSummary,
  /** The version this import replaced, or null for a first import. */
  previousVersion: z.string().nullable(),
});
export type ImportedCourse = z.infer<typeof ImportedCourse>;

export const ImportResult = ImportedCourse.extend({
  /** An Open edX export gives one course per subsection with a lab: the ones after `course`. */
  more: z.array(ImportedCourse).optional(),
  /** What converting an Open edX export ignored or could not show (attributes, problems…). */
  notes: z.array(z.string()).optional(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const PackResult = z.object({
  file: z.string(),
  id: z.string(),
  version: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  files: z.number().int(),
});
export type PackResult = z.infer<typeof PackResult>;

export const ValidationReport = z.object({
  ok: z.boolean(),
  course: z.object({ id: z.string(), title: z.string(), version: z.string() }).nullable(),
  issues: z.array(CourseIssue),
});
export type ValidationReport = z.infer<typeof ValidationReport>;
