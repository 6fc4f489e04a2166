import * as z from 'zod';

/** `lab-console serve --json` prints this once listening. */
export const ServeStarted = z.object({
  url: z.string().url(),
  port: z.number().int(),
  home: z.string(),
});
export type ServeStarted = z.infer<typeof ServeStarted>;

/** `--json` output of any command that failed. */
export const CliFailure = z.object({
  error: z.object({ kind: z.enum(['usage', 'invalid_input', 'failed']), message: z.string() }),
});
export type CliFailure = z.infer<typeof CliFailure>;
