import type { SourceCatalogue } from './catalogue/en';
import { createTranslator, type Translator } from './i18n';
import type { WireMessageParams } from './message-wire';

/** A plural's forms ("usedUp_one", "usedUp_other") are one key, chosen by the `count` parameter. */
type PluralBase<K extends string> = K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : K;

type KeyPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${PluralBase<K>}` : KeyPaths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A sentence of the `messages` namespace, by its key ("cloud.unreachable"). */
export type MessageKey = KeyPaths<SourceCatalogue['messages']>;

/** A parameter: raw words (kept verbatim in every language), a number, or another message nested in. */
export type MessageParam = string | number | MessageRef;
export type MessageParams = Readonly<Record<string, MessageParam>>;

/** A message by key and parameters, as the core composes it. */
export interface MessageRef {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

/** What a composed message sends beside its English sentence. */
export interface LocalizedMessage {
  readonly message: string;
  readonly messageKey: MessageKey;
  readonly messageParams?: MessageParams;
}

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

let english: Translator | undefined;

/** The English sentence of a message: the one text the core sends and logs, taken from the catalogue. */
export function englishMessage(ref: MessageRef): string {
  english ??= createTranslator('en');
  const text = translateMessage(english, ref.key, ref.params);
  if (text === undefined) throw new Error(`No English text for message ${ref.key}.`);
  return text;
}

/** The English sentence with the key and parameters it came from, for an answer or an event. */
export function localized(ref: MessageRef): LocalizedMessage {
  return { message: englishMessage(ref), messageKey: ref.key, ...(ref.params ? { messageParams: ref.params } : {}) };
}
