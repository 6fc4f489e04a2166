import { HeatError, HeatTrustRefusedError } from '../errors';
import type { HttpResponse } from '../transport/http-transport';
import { HeatFaultSchema } from './results';

export interface HeatFault {
  readonly status: number;
  readonly title: string;
  readonly explanation: string;
  readonly type?: string;
}

/** Reads Heat's fault body {code, title, explanation, error: {type, message}}; the message is the useful part. */
export function readFault(res: HttpResponse): HeatFault {
  try {
    const parsed = HeatFaultSchema.safeParse(JSON.parse(res.text));
    if (parsed.success) {
      const f = parsed.data;
      return {
        status: res.status,
        title: f.title ?? `HTTP ${res.status}`,
        explanation: f.error?.message || f.explanation || '',
        type: f.error?.type ?? undefined,
      };
    }
  } catch {
    // not JSON (a proxy's HTML page, an empty 403): keep the raw text
  }
  return {
    status: res.status,
    title: `HTTP ${res.status}`,
    explanation: res.text
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 300),
  };
}

const HINTS: Record<string, string> = {
  StackValidationFailed: 'Fix the template or its parameters; the message above names the resource or property.',
  HTTPBadRequest: 'Fix the template, environment or parameters: the message above says what Heat rejected.',
  InvalidTemplateVersion: 'Set heat_template_version to a version this Heat supports.',
  InvalidTemplateReference: 'The template refers to a resource or attribute it does not define.',
  StackExists: 'A stack of that name already exists; delete it or use another name.',
  EntityNotFound: 'The stack does not exist (any more).',
  ActionInProgress: 'Wait for the current action on the stack to finish, then retry.',
  NotSupported: 'This Heat does not support the action for this stack.',
  MissingCredentialError: 'Heat lacks credentials for deferred operations; ask the cloud operator.',
};

export function heatError(res: HttpResponse, statusReason?: string): HeatError {
  const fault = readFault(res);
  const hint =
    (fault.type && HINTS[fault.type]) ||
    (res.status === 401
      ? 'Heat refused the token Keystone gave; the cloud operator should check Heat’s keystone_authtoken settings.'
      : undefined) ||
    (res.status === 403 ? 'Your role in the project does not allow this (Heat needs heat_stack_owner or member).' : undefined);
  return new HeatError(res.status, fault.title, fault.explanation, fault.type, statusReason, hint);
}

/**
 * Heat answers 403 to a stack create with an application-credential token when Keystone refuses
 * it the trust Heat stores for deferred operations.
 */
export function createError(
  res: HttpResponse,
  cloud: string,
  applicationCredential: { readonly restricted?: boolean } | undefined,
): HeatError {
  if (res.status === 403 && applicationCredential) {
    return new HeatTrustRefusedError(cloud, readFault(res).explanation, applicationCredential.restricted);
  }
  return heatError(res);
}

export function isNotFound(error: unknown): boolean {
  return error instanceof HeatError && error.status === 404;
}
