import type { ApiErrorShape } from '../../shared/contract';
import { translateMessage } from '../../shared/i18n/message-translate';
import { translator } from '../i18n/translator';

type Sentence = Pick<ApiErrorShape, 'message' | 'messageKey' | 'messageParams'>;

function inLanguage<T extends Sentence>(sentence: T): T {
  if (!sentence.messageKey) return sentence;
  const text = translateMessage(translator, sentence.messageKey, sentence.messageParams);
  return text === undefined ? sentence : { ...sentence, message: text };
}

/**
 * A failed call's sentences in the reader's language: each one the app sent by key is shown
 * translated; one without a key, or with a key this catalogue lacks, stays as the app wrote it.
 */
export function errorInReadersLanguage(error: ApiErrorShape): ApiErrorShape {
  const shown = inLanguage(error);
  return error.issues ? { ...shown, issues: error.issues.map(inLanguage) } : shown;
}
