import type { ApiErrorCode } from '../../shared/contract';
import { englishMessage, type MessageRef } from '../../shared/i18n/message';

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
 * The key and parameters an error's message was made from (any error may carry `localized`); none
 * when the message no longer is that key's English text (rewritten on the way), so a translation
 * never says something else than the English.
 */
export function localizedOf(error: unknown): { messageKey: string; messageParams?: MessageRef['params'] } | undefined {
  const ref = (error as { localized?: unknown } | null)?.localized;
  if (!(error instanceof Error) || !ref || typeof ref !== 'object' || typeof (ref as MessageRef).key !== 'string') return undefined;
  const { key, params } = ref as MessageRef;
  try {
    if (englishMessage({ key, ...(params ? { params } : {}) }) !== error.message) return undefined;
  } catch {
    return undefined;
  }
  return { messageKey: key, ...(params ? { messageParams: params } : {}) };
}
