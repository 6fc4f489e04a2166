import * as z from 'zod';

/**
 * An enrolment file (`<learner>.lab-enrol.json`, written by `lab-console cohort enrol`): what a
 * learner's app needs to reach the cloud and the course. It holds no secret: the learner types
 * their own password (kept in the app's secret store) the first time.
 */
export const Enrolment = z.object({
  format: z.literal('lab-console-enrolment/1'),
  cloud: z.object({
    /** The name the learner's app gives the cloud. */
    name: z.string().min(1),
    authUrl: z.string().url(),
    region: z.string().optional(),
    interface: z.enum(['public', 'internal', 'admin']).optional(),
    username: z.string().min(1),
    userDomainName: z.string().default('Default'),
    projectName: z.string().min(1),
    projectDomainName: z.string().default('Default'),
  }),
  course: z.object({
    id: z.string().min(1),
    /** Where the course bundle is: a path or URL the instructor hands out; absent when pre-installed. */
    bundle: z.string().optional(),
  }),
  cohort: z.string().optional(),
});
export type Enrolment = z.infer<typeof Enrolment>;

/** `lab-console cohort enrol --json`. */
export const EnrolOutput = z.object({ files: z.array(z.object({ learner: z.string(), file: z.string() })) });
export type EnrolOutput = z.infer<typeof EnrolOutput>;
