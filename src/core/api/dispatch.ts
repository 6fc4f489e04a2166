import type { z } from 'zod';
import {
  calls,
  isCallName,
  type ApiErrorShape,
  type CallName,
  type CallOutput,
  type CallResult,
  type ParsedInput,
} from '../../shared/contract';
import type { Logger } from '../log/logger';
import { apiCodeOf, sentenceOf } from './user-error';

export type ApiHandlers = {
  [K in CallName]: (input: ParsedInput<K>) => Promise<CallOutput<K>>;
};

function issuesOf(error: z.ZodError): NonNullable<ApiErrorShape['issues']> {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}

/**
 * The receiving side of every transport (IPC and WebSocket): checks the call name, validates
 * the payload, runs the handler and turns whatever happens into a CallResult. Never throws.
 */
export async function dispatch(handlers: ApiHandlers, name: unknown, rawInput: unknown, logger: Logger): Promise<CallResult> {
  if (!isCallName(name)) {
    return {
      ok: false,
      error: { code: 'unknown_call', message: `Unknown call ${JSON.stringify(name)}.` },
    };
  }
  const spec = calls[name];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        message: `Invalid input for ${name}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    const value = await handler(parsed.data);
    const checked = spec.output.safeParse(value);
    if (!checked.success) {
      logger.error('handler returned a value outside the contract', { call: name, issues: issuesOf(checked.error) });
      return { ok: false, error: { code: 'internal', message: `The app produced an invalid answer to ${name}.` } };
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    const code = apiCodeOf(error);
    const message = error instanceof Error ? error.message : String(error);
    const detail = (error as { detail?: unknown } | null)?.detail;
    if (code)
      return {
        ok: false,
        error: { code, ...sentenceOf(error), ...(typeof detail === 'string' && detail ? { detail } : {}) },
      };
    logger.error('call failed', { call: name, error: message, stack: error instanceof Error ? error.stack : undefined });
    return { ok: false, error: { code: 'internal', message: `${name} failed: ${message}` } };
  }
}
