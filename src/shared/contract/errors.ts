import * as z from 'zod';
import { messageKeyFields } from '../i18n/message-wire';

/**
 * Every failed call crosses the UI/app boundary as one of these codes, so the UI can react by kind
 * (show a form error, offer a retry, ...) and always has a sentence to show.
 */
export const ApiErrorCode = z.enum([
  'unknown_call',
  'invalid_input',
  'not_found',
  'conflict',
  'unauthorized',
  'cloud_error',
  'network',
  'unavailable',
  'internal',
  /** The cloud refused the credentials Lab Console has for it: the learner fixes them in Settings › Clouds. */
  'credentials_refused',
  /** The cloud (Keystone or Heat) did not answer, or answered with an error of its own: try again later. */
  'cloud_unreachable',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiErrorShape = z.object({
  code: ApiErrorCode,
  message: z.string(),
  ...messageKeyFields,
  /** Field-level problems, e.g. [{path: "url", message: "Invalid URL"}]. */
  issues: z.array(z.object({ path: z.string(), message: z.string(), ...messageKeyFields })).optional(),
  /** The technical detail behind `message` (the server's own words, an HTTP status), for a "details" view. */
  detail: z.string().optional(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

// The class the UI throws lives apart from the schemas: the page reads the app's answers without zod.
export { ApiError } from './api-error';

export const CallResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorShape }),
]);
export type CallResult = z.infer<typeof CallResult>;
