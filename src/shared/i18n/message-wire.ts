import * as z from 'zod';

/**
 * A message's parameters as they cross the API: a nested message's key is a plain string here (the
 * other side may be older or newer), so the reader checks it against its own catalogue.
 */
export type WireMessageParam = string | number | { readonly key: string; readonly params?: Readonly<Record<string, WireMessageParam>> };
export type WireMessageParams = Readonly<Record<string, WireMessageParam>>;

export const WireMessageParam: z.ZodType<WireMessageParam> = z.lazy(() =>
  z.union([z.string(), z.number(), z.object({ key: z.string(), params: z.record(z.string(), WireMessageParam).optional() })]),
);
export const WireMessageParams = z.record(z.string(), WireMessageParam);

/**
 * A sentence the app composed, by key (of the i18n `messages` namespace) and parameters, beside its
 * English text: the reader shows it in its own language, or the English when it lacks the key.
 */
export const messageKeyFields = {
  messageKey: z.string().optional(),
  messageParams: WireMessageParams.optional(),
};
