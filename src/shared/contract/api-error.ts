import type { ApiErrorCode, ApiErrorShape } from './errors';

/** Thrown by the client side of the contract when the app answers with an error. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: ApiErrorShape['issues'];
  readonly detail: string | undefined;
  /** The message's key and parameters, for a reader that shows it in another language (the CLI). */
  readonly messageKey: string | undefined;
  readonly messageParams: ApiErrorShape['messageParams'];
  constructor(shape: ApiErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.issues = shape.issues;
    this.detail = shape.detail;
    this.messageKey = shape.messageKey;
    this.messageParams = shape.messageParams;
  }
}
