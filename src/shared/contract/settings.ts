import { z } from 'zod';

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

/** User preferences kept in settings (config.json); secrets never go here. */
export const Settings = z.object({
  theme: Theme.default('system'),
  /** Fraction of the course view given to the steps pane. */
  stepsPaneRatio: z.number().min(0.2).max(0.8).default(0.42),
  terminalFontSize: z.number().int().min(8).max(32).default(14),
  defaultCloud: z.string().min(1).optional(),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = z
  .object({
    theme: Theme,
    stepsPaneRatio: z.number().min(0.2).max(0.8),
    terminalFontSize: z.number().int().min(8).max(32),
    defaultCloud: z.string().min(1).nullable(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
