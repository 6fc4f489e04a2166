import type { WireMessageParams } from './message-wire';
import type { Translator } from './translator-setup';

type LooseT = (key: string, options: { ns: 'messages'; replace: Record<string, string | number>; count?: number }) => string;

/**
 * The message in the translator's language; undefined when the key (or a nested one) is not in the
 * catalogue, so the caller keeps the sentence it was sent.
 */
export function translateMessage(translator: Translator, key: string, params: WireMessageParams = {}): string | undefined {
  const replace: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'object') replace[name] = value;
    else {
      const nested = translateMessage(translator, value.key, value.params);
      if (nested === undefined) return undefined;
      replace[name] = nested;
    }
  }
  // Parameters go in `replace`, apart from i18next's options, so a parameter can never act as one.
  const count = typeof replace.count === 'number' ? replace.count : undefined;
  if (!translator.exists(key, { ns: 'messages', ...(count === undefined ? {} : { count }) })) return undefined;
  return (translator.t as unknown as LooseT)(key, { ns: 'messages', replace, ...(count === undefined ? {} : { count }) });
}
