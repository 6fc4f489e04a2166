import type { CheckOutcome, CheckReport } from '../../../shared/ssh';
import type { Logger } from '../../log/logger';
import { runRemoteScript, type ScriptHost } from './remote-script';

export interface CheckScript {
  /** As the course names it, e.g. "checks/step-2/nginx-running.sh". */
  readonly name: string;
  /** The file inside the unpacked course bundle. */
  readonly localPath: string;
}

export interface RunChecksOptions {
  /** Per script (default 60 s). */
  readonly timeoutMs?: number;
  /** The hint is cut to this many characters (default 2000). */
  readonly maxHintChars?: number;
  readonly logger?: Logger;
}

/** The learner sees the hint in a small panel: trim it and keep it short. */
export function boundedHint(stderr: string, maxChars: number): string {
  const text = stderr.trim();
  if (text.length <= maxChars) return text;
  return `${text.slice(0, Math.max(0, maxChars - 1)).trimEnd()}…`;
}

/**
 * Runs a step's progress checks one after another: exit 0 passes; otherwise the script's stderr is
 * the hint; score = passed / total. A check that cannot even be started (the connection broke)
 * rejects the whole run, since "failed" would blame the learner for it.
 */
export async function runProgressChecks(
  host: ScriptHost,
  scripts: readonly CheckScript[],
  options: RunChecksOptions = {},
): Promise<CheckReport> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxHintChars = options.maxHintChars ?? 2000;
  const outcomes: CheckOutcome[] = [];
  for (const script of scripts) {
    const result = await runRemoteScript(host, script.localPath, { timeoutMs, logger: options.logger });
    const passed = !result.timedOut && result.code === 0;
    let hint: string | undefined;
    if (result.timedOut) hint = `The check did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.`;
    else if (!passed)
      hint =
        boundedHint(result.stderr, maxHintChars) ||
        (result.code === null ? `The check was killed (${result.signal ?? 'signal'}).` : `The check failed (exit status ${result.code}).`);
    outcomes.push({
      script: script.name,
      passed,
      ...(hint !== undefined ? { hint } : {}),
      ...(result.code !== null ? { exitCode: result.code } : {}),
      timedOut: result.timedOut,
      durationMs: result.durationMs,
    });
    options.logger?.info('progress check', { script: script.name, passed, code: result.code, timedOut: result.timedOut });
  }
  const passed = outcomes.filter((o) => o.passed).length;
  const total = outcomes.length;
  return { outcomes, passed, total, score: total === 0 ? 1 : passed / total };
}
