/** Names the crash point at which the process should die (`LAB_CONSOLE_CRASH_AT=after-create-post`). */
export const CRASH_AT_ENV = 'LAB_CONSOLE_CRASH_AT';

/**
 * Dies on the spot, as a `kill -9` would, when LAB_CONSOLE_CRASH_AT names this point. Handlers call it
 * between persisted steps so crash tests can prove that a restart converges from every one of them.
 * SIGKILL (not process.exit) so no finally block, exit handler or lease release runs.
 */
export function crashPoint(name: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env[CRASH_AT_ENV] !== name) return;
  process.kill(process.pid, 'SIGKILL');
}
