import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Logger, LogFields } from '../core/log/logger';
import { guardServeProcess } from './process-guard';

function recordingLogger(lines: string[]): Logger {
  const log = (level: string) => (message: string, fields?: LogFields) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };
  return logger;
}

function setUp(stop: () => Promise<void> = async () => undefined) {
  const events = new EventEmitter();
  const seen: string[] = [];
  const lines: string[] = [];
  let exitWith: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exitWith = resolve));
  const unguard = guardServeProcess({
    logger: recordingLogger(lines),
    stop: async () => {
      seen.push('stop');
      await stop();
      seen.push('stopped');
    },
    tell: (line) => seen.push(`tell ${line}`),
    exit: (code) => {
      seen.push(`exit ${code}`);
      exitWith(code);
    },
    events: events as unknown as NodeJS.Process,
  });
  return { events, seen, lines, exited, unguard };
}

describe('guardServeProcess', () => {
  it('logs a rejected promise nobody awaited and keeps serving', async () => {
    const { events, seen, lines } = setUp();
    events.emit('unhandledRejection', new Error('late failure'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lines.join('\n')).toContain('late failure');
    expect(seen).toEqual([]);
  });

  it('on an uncaught exception: logs it with its stack, suspends through the normal stop, then exits 1', async () => {
    const { events, seen, lines, exited } = setUp(() => new Promise((resolve) => setTimeout(resolve, 20)));
    events.emit('uncaughtException', new TypeError('boom in a handler'));
    expect(await exited).toBe(1);
    expect(seen.filter((s) => !s.startsWith('tell'))).toEqual(['stop', 'stopped', 'exit 1']);
    expect(seen.find((s) => s.startsWith('tell'))).toContain('suspending running labs');
    expect(lines.join('\n')).toMatch(/TypeError: boom in a handler\\n\s+at /);
  });

  it('stops once when a second exception comes while stopping, and exits even when the stop fails', async () => {
    const guard = setUp(async () => {
      guard.events.emit('uncaughtException', new Error('second'));
      throw new Error('cloud unreachable');
    });
    const { events, seen, lines, exited } = guard;
    events.emit('uncaughtException', new Error('first'));
    expect(await exited).toBe(1);
    expect(seen.filter((s) => s === 'stop')).toHaveLength(1);
    expect(lines.join('\n')).toContain('second');
    expect(lines.join('\n')).toContain('cloud unreachable');
  });

  it('uninstalls its listeners', () => {
    const { events, unguard } = setUp();
    unguard();
    expect(events.listenerCount('uncaughtException')).toBe(0);
    expect(events.listenerCount('unhandledRejection')).toBe(0);
  });
});
