import type { SourceCatalogue } from './catalogue/en';
import { messages } from './catalogue/en/messages';
import { translateMessage } from './message-translate';
import { createTranslatorFrom, type Translator } from './translator-setup';

export { translateMessage } from './message-translate';

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

let english: Translator | undefined;

/** The English sentence of a message: the one text the core sends and logs, taken from the catalogue. */
export function englishMessage(ref: MessageRef): string {
  // The `messages` catalogue alone: the core (and the CLI) load this module, not the UI's catalogues.
  english ??= createTranslatorFrom({ locale: 'en', namespaces: ['messages'], resources: { en: { messages } } });
  const text = translateMessage(english, ref.key, ref.params);
  if (text === undefined) throw new Error(`No English text for message ${ref.key}.`);
  return text;
}

/** The English sentence with the key and parameters it came from, for an answer or an event. */
export function localized(ref: MessageRef): LocalizedMessage {
  return { message: englishMessage(ref), messageKey: ref.key, ...(ref.params ? { messageParams: ref.params } : {}) };
}
