import * as z from 'zod';

/**
 * A learner opening an enrolment file (`<learner>.lab-enrol.json`, written by
 * `lab-console cohort enrol`; schema `Enrolment` in src/shared/cohort/enrolment.ts). The UI reads
 * the file's text and sends it: `enrolment.read` checks it and says what it will do,
 * `enrolment.apply` adds the cloud (the password goes to the secret store) and finds the course.
 */
const FileText = {
  fileName: z.string().min(1).max(255),
  /** The file's JSON text; enrolment files are a few hundred bytes. */
  text: z
    .string()
    .min(1)
    .max(64 * 1024),
};

export const EnrolmentSummary = z.object({
  fileName: z.string(),
  cloud: z.object({
    name: z.string(),
    authUrl: z.string(),
    username: z.string(),
    projectName: z.string(),
    region: z.string().nullable(),
  }),
  courseId: z.string(),
  /** The bundle the instructor hands out with the file (a file name or URL), if any. */
  bundle: z.string().nullable(),
  cohort: z.string().nullable(),
  /** The course is already in this app's library. */
  courseInLibrary: z.boolean(),
  /** A cloud of that name exists in the app already (applying replaces it). */
  cloudExists: z.boolean(),
});
export type EnrolmentSummary = z.infer<typeof EnrolmentSummary>;

export { bundleDownloadUrl } from './bundle-download';

export const EnrolmentResult = z.object({
  cloud: z.string(),
  courseId: z.string(),
  /** `ready`: in the library (open it); `imported`: its bundle was imported now; `missing`: import it first. */
  course: z.enum(['ready', 'imported', 'missing']),
  /** The cloud is now the default one (labs launch there). */
  defaultCloud: z.boolean(),
  /** What happened and, for `missing`, what to do. */
  message: z.string(),
});
export type EnrolmentResult = z.infer<typeof EnrolmentResult>;

/** An enrolment file fetched for a `labconsole://enrol?url=…` link: what it would add, and where it came from. */
export const FetchedEnrolment = z.object({
  fileName: z.string(),
  text: z.string(),
  /** The https address the file was downloaded from, shown to the learner before anything is added. */
  sourceUrl: z.string(),
  summary: EnrolmentSummary,
});
export type FetchedEnrolment = z.infer<typeof FetchedEnrolment>;

export const enrolmentCalls = {
  'enrolment.read': { input: z.object(FileText).strict(), output: EnrolmentSummary },
  'enrolment.apply': {
    input: z
      .object({
        ...FileText,
        password: z.string().min(1, 'type your cloud password').max(4096),
        /** The learner agreed to download the course bundle the file names by https URL (shown in the facts first). */
        downloadBundle: z.boolean().optional(),
      })
      .strict(),
    output: EnrolmentResult,
  },
  /** Downloads an enrolment file over https and reads it (adds nothing: `enrolment.apply` does, once the learner agrees). */
  'enrolment.fetch': {
    input: z.object({ url: z.string().max(2048).startsWith('https://', 'enrolment files are only fetched over https') }).strict(),
    output: FetchedEnrolment,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
