import { AssistMarker } from '../../../shared/cohort/assist';
import type { Logger } from '../../log/logger';
import type { ScriptHost } from './remote-script';
import type { SshCompanion } from './ssh-companion';

type Exec = Pick<ScriptHost, 'exec'>;

/**
 * `~/.lab-console/assist` on the lab host: there while an instructor's read-write shell is open
 * there. The instructor's app rewrites it every `refreshMs`; a marker not rewritten for
 * `ASSIST_STALE_MS` (its modification time, on the host's own clock) is an assist whose app went
 * without removing it (a crash, a lost network) and counts as gone.
 */
export const ASSIST_MARKER = '.lab-console/assist';
export const ASSIST_REFRESH_MS = 30_000;
export const ASSIST_STALE_MS = 120_000;
export const ASSIST_CHECK_MS = 30_000;

const PATH = `"$HOME"/${ASSIST_MARKER}`;

/** Writes the marker whole (a temporary file renamed over it): a reader never sees half of it. */
export async function writeAssistMarker(host: Exec, marker: AssistMarker): Promise<void> {
  const body = JSON.stringify(AssistMarker.parse(marker));
  const result = await host.exec(`mkdir -p "$HOME"/.lab-console && cat > ${PATH}.tmp && mv -f ${PATH}.tmp ${PATH}`, {
    input: body,
    timeoutMs: 15_000,
  });
  if (result.code !== 0)
    throw new Error(`could not write ~/${ASSIST_MARKER} on the lab: ${result.stderr.trim() || `status ${result.code}`}`);
}

/** Removes the marker when it is this assist's (another instructor's own stays). */
export async function removeAssistMarker(host: Exec, id: string): Promise<void> {
  // The id is checked by AssistMarker's pattern (letters, digits, "-", "_"): nothing to quote.
  AssistMarker.shape.id.parse(id);
  await host.exec(`grep -q '"id":"${id}"' ${PATH} 2>/dev/null && rm -f ${PATH}; true`, { timeoutMs: 5_000 });
}

/**
 * The marker when there is a fresh one, else null (none, stale, or not a marker). The host says
 * its own time and the file's, so neither machine's clock is compared with the host's.
 */
export async function readAssistMarker(host: Exec, staleMs = ASSIST_STALE_MS): Promise<AssistMarker | null> {
  const result = await host.exec(`[ -f ${PATH} ] || exit 0; echo "$(date +%s) $(stat -c %Y ${PATH})"; head -c 4096 ${PATH}`, {
    timeoutMs: 15_000,
    maxOutputBytes: 8192,
  });
  return parseAssistReading(result.stdout, staleMs);
}

/** `NOW MTIME\n{json}` as the check prints it. */
export function parseAssistReading(stdout: string, staleMs = ASSIST_STALE_MS): AssistMarker | null {
  const newline = stdout.indexOf('\n');
  if (newline < 0) return null;
  const [now, modified] = stdout.slice(0, newline).trim().split(/\s+/).map(Number);
  if (!Number.isFinite(now) || !Number.isFinite(modified)) return null;
  if ((now! - modified!) * 1000 > staleMs) return null;
  try {
    const parsed = AssistMarker.safeParse(JSON.parse(stdout.slice(newline + 1)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The instructor's side: the marker written when the login is up, rewritten every `refreshMs`, removed at the end. */
export function assistMarkerKeeper(marker: AssistMarker, options: { refreshMs?: number; logger: Logger }): SshCompanion {
  return (ssh) => {
    const write = () =>
      writeAssistMarker(ssh, marker).catch((error: unknown) =>
        options.logger.warn('could not write the assist marker on the lab', { error: String(error) }),
      );
    const first = write();
    const timer = setInterval(() => void write(), options.refreshMs ?? ASSIST_REFRESH_MS);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await first;
        await removeAssistMarker(ssh, marker.id).catch((error: unknown) =>
          options.logger.warn('could not remove the assist marker from the lab', { error: String(error) }),
        );
      },
    };
  };
}

/** The learner's side: looks for a fresh marker at once and every `intervalMs`, over the terminal's own login. */
export function assistMarkerWatch(
  onReading: (marker: AssistMarker | null) => void,
  options: { intervalMs?: number; staleMs?: number; logger: Logger },
): SshCompanion {
  return (ssh) => {
    let busy = false;
    let stopped = false;
    const check = async () => {
      if (busy || stopped) return;
      busy = true;
      try {
        const marker = await readAssistMarker(ssh, options.staleMs);
        if (!stopped) onReading(marker);
      } catch (error) {
        options.logger.debug('could not look for an assist marker', { error: String(error) });
      } finally {
        busy = false;
      }
    };
    void check();
    const timer = setInterval(() => void check(), options.intervalMs ?? ASSIST_CHECK_MS);
    timer.unref();
    return {
      stop: async () => {
        stopped = true;
        clearInterval(timer);
      },
    };
  };
}
