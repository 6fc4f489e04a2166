import type { ApiErrorCode } from '../../shared/contract';
import { englishMessage, type MessageParams, type MessageRef } from '../../shared/i18n/message';

/**
 * An error whose message is written for the user. Core errors that should reach the UI with a
 * particular code extend this (or carry `apiCode`); anything else becomes "internal". Given a
 * message of the catalogue, its English text is the message and the key travels with the answer,
 * so the reader can show it in its own language.
 */
export class UserFacingError extends Error {
  /** The catalogue message this error's text was made from, if any. */
  readonly localized: MessageRef | undefined;
  constructor(
    readonly apiCode: ApiErrorCode,
    message: string | MessageRef,
  ) {
    super(typeof message === 'string' ? message : englishMessage(message));
    this.name = 'UserFacingError';
    this.localized = typeof message === 'string' ? undefined : message;
  }
}

export function apiCodeOf(error: unknown): ApiErrorCode | undefined {
  if (error && typeof error === 'object' && 'apiCode' in error) {
    const code = (error as { apiCode: unknown }).apiCode;
    if (typeof code === 'string') return code as ApiErrorCode;
  }
  return undefined;
}

/**
 * The catalogue message an error's text was made from (any error may carry `localized`); none when
 * the text no longer is that message's English (rewritten on the way), so a translation never says
 * something else than the English.
 */
export function localizedOf(error: unknown): MessageRef | undefined {
  const ref = (error as { localized?: unknown } | null)?.localized;
  if (!(error instanceof Error) || !ref || typeof ref !== 'object' || typeof (ref as MessageRef).key !== 'string') return undefined;
  try {
    return englishMessage(ref as MessageRef) === error.message ? (ref as MessageRef) : undefined;
  } catch {
    return undefined;
  }
}

/** A sentence for the user: the English text, with the key and parameters it was made from when known. */
export interface Sentence {
  readonly message: string;
  readonly messageKey?: string;
  readonly messageParams?: MessageParams;
}

/** What an error says, ready for an answer or a status event. */
export function sentenceOf(error: unknown): Sentence {
  const message = error instanceof Error ? error.message : String(error);
  const ref = localizedOf(error);
  return ref ? { message, messageKey: ref.key, ...(ref.params ? { messageParams: ref.params } : {}) } : { message };
}
