import type { HookOutcome, HookPhase } from '../../../shared/ssh';
import type { Logger } from '../../log/logger';
import { boundedHint } from './progress-checks';
import { runRemoteScript, type ScriptHost } from './remote-script';

export interface HookScript {
  readonly name: string;
  readonly localPath: string;
}

export interface RunHookOptions {
  /** Default 60 s: a hook before suspend must not hold the suspend for long. */
  readonly timeoutMs?: number;
  readonly logger: Logger;
}

/**
 * Runs a course hook on the lab (before suspend, after resume, before delete). Never throws:
 * a failing hook is logged and reported, and whatever it ran before goes ahead regardless.
 */
export async function runHook(host: ScriptHost, phase: HookPhase, script: HookScript, options: RunHookOptions): Promise<HookOutcome> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const started = Date.now();
  try {
    const result = await runRemoteScript(host, script.localPath, { timeoutMs, logger: options.logger });
    const ok = !result.timedOut && result.code === 0;
    const problem = ok
      ? undefined
      : result.timedOut
        ? `did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`
        : `exited with status ${result.code ?? `none (${result.signal ?? 'killed'})`}${result.stderr.trim() ? `: ${boundedHint(result.stderr, 500)}` : ''}`;
    const outcome: HookOutcome = {
      phase,
      script: script.name,
      ok,
      ...(problem ? { problem } : {}),
      ...(result.code !== null ? { exitCode: result.code } : {}),
      timedOut: result.timedOut,
      durationMs: result.durationMs,
    };
    if (ok) options.logger.info('hook ran', { phase, script: script.name });
    else options.logger.warn('hook failed', { phase, script: script.name, problem });
    return outcome;
  } catch (error) {
    const problem = (error as Error).message;
    options.logger.warn('hook could not run', { phase, script: script.name, problem });
    return { phase, script: script.name, ok: false, problem, timedOut: false, durationMs: Date.now() - started };
  }
}
