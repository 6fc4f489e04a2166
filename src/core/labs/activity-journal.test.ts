import { describe, expect, it } from 'vitest';
import { parseActivity } from '../../shared/labs/lab-activity';
import { ACTIVITY_JOIN_MS, ACTIVITY_TAIL_MS, ActivityJournal } from './activity-journal';

const T = Date.parse('2026-11-10T10:00:00Z');

/** A lab host that keeps the activity file in memory: stands in for SSH only (the file's shell is proved in test/integration). */
function memoryHost(fail = () => false) {
  const host = { file: '', opened: 0, closed: 0 };
  const open = async () => {
    host.opened++;
    return {
      exec: async (_command: string, options?: { input?: Buffer | string }) => {
        if (fail()) return { stdout: '', stderr: 'No route to host', code: 1, timedOut: false, truncated: false, durationMs: 1 };
        host.file += String(options?.input ?? '');
        return { stdout: '', stderr: '', code: 0, timedOut: false, truncated: false, durationMs: 1 };
      },
      close: () => void host.closed++,
    };
  };
  return { host, open };
}

describe('the activity journal', () => {
  it('joins activity minutes apart into one stretch and starts another after a longer pause', async () => {
    const { host, open } = memoryHost();
    const journal = new ActivityJournal({ open });
    journal.note('c', T);
    journal.note('c', T + 4 * 60_000);
    journal.note('c', T + 4 * 60_000 + ACTIVITY_JOIN_MS + 1);
    await journal.flush('c', T + 20 * 60_000);
    const t = T / 1000;
    // Whole seconds on the host: a stretch's start rounds down, its end up.
    expect(parseActivity(host.file)).toEqual([
      { start: t, end: t + 4 * 60 + 60 },
      { start: t + 9 * 60, end: t + 10 * 60 + 1 },
    ]);
    expect(host.opened).toBe(1);
  });

  it('writes the stretch under way again with its later end; the reader keeps one interval', async () => {
    const { host, open } = memoryHost();
    const journal = new ActivityJournal({ open });
    journal.note('c', T);
    await journal.flush('c', T + 10_000);
    journal.note('c', T + 120_000);
    await journal.flush('c', T + 130_000);
    expect(host.file.trim().split('\n')).toHaveLength(2);
    expect(parseActivity(host.file)).toEqual([{ start: T / 1000, end: (T + 130_000) / 1000 }]);
    expect(host.opened).toBe(1); // one session held between writes
  });

  it('keeps what it could not write for the next try, on a new session', async () => {
    let down = true;
    const { host, open } = memoryHost(() => down);
    const journal = new ActivityJournal({ open });
    journal.note('c', T);
    journal.note('c', T + ACTIVITY_JOIN_MS + ACTIVITY_TAIL_MS + 1);
    await journal.flush('c', T + 1_000_000);
    expect(host.file).toBe('');
    down = false;
    await journal.flush('c', T + 1_000_000);
    expect(parseActivity(host.file)).toHaveLength(2);
    expect(host.opened).toBe(2);
  });
});
