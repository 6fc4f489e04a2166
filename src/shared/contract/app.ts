import * as z from 'zod';

export const RunMode = z.enum(['electron', 'browser']);
export type RunMode = z.infer<typeof RunMode>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: RunMode,
  platform: z.string(),
  home: z.string(),
  versions: z.record(z.string(), z.string()),
  secretStore: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const Diagnostics = z.object({
  text: z.string(),
});
export type Diagnostics = z.infer<typeof Diagnostics>;

export const ClientLogEntry = z.object({
  level: z.enum(['info', 'warn', 'error']),
  message: z.string().max(4000),
  context: z.string().max(200).optional(),
});
export type ClientLogEntry = z.infer<typeof ClientLogEntry>;

export const Notice = z.object({
  level: z.enum(['info', 'warn', 'error']),
  text: z.string(),
});
export type Notice = z.infer<typeof Notice>;
