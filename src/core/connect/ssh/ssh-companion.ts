import type { SshSession } from './ssh-session';

/** A companion's work over one SSH login, until the login ends. */
export interface SshCompanionRun {
  /** Stops the work and undoes what it left on the host (best effort); settles before the login is closed. */
  stop(): Promise<void>;
}

/**
 * Work a live session does over its own SSH login beside its shell, for as long as that login is
 * up: an instructor's assist keeps its marker on the lab host, a learner's terminal looks for one.
 * It runs again on each new login of the session (after a reconnect).
 */
export type SshCompanion = (ssh: Pick<SshSession, 'exec'>) => SshCompanionRun;
