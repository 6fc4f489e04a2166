import type { ApiErrorCode } from '../../shared/contract';

/**
 * An error whose message is written for the user. Core errors that should reach the UI with a
 * particular code extend this (or carry `apiCode`); anything else becomes "internal".
 */
export class UserFacingError extends Error {
  constructor(
    readonly apiCode: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

export function apiCodeOf(error: unknown): ApiErrorCode | undefined {
  if (error && typeof error === 'object' && 'apiCode' in error) {
    const code = (error as { apiCode: unknown }).apiCode;
    if (typeof code === 'string') return code as ApiErrorCode;
  }
  return undefined;
}
