import type { SessionStatusEvent } from '../../shared/contract';
import { translateMessage } from '../../shared/i18n/message-translate';
import { translator } from '../i18n/translator';

/**
 * A session's status in the reader's language: a sentence the app sent by key is shown translated;
 * one without a key (or with a key this catalogue lacks) stays as the app wrote it.
 */
export function statusInReadersLanguage<S extends SessionStatusEvent>(status: S): S {
  if (!status.messageKey) return status;
  const message = translateMessage(translator, status.messageKey, status.messageParams);
  return message === undefined ? status : { ...status, message };
}
