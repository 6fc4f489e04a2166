import * as z from 'zod';
import { CallResult } from './errors';

/** Browser mode's WebSocket frames (JSON text). */
export const ClientFrame = z.object({
  id: z.number().int().nonnegative(),
  call: z.string(),
  input: z.unknown(),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ServerFrame = z.union([
  z.object({ id: z.number().int().nonnegative(), result: CallResult }),
  z.object({ event: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
