import type { LabRunState } from '../stream/reconnecting-session';

/**
 * What the terminal needs from the lab lifecycle, kept as small interfaces so the terminal does not
 * depend on how labs are stored: where a course's connection lives (from the stack's outputs) and
 * whether the lab is up or suspended.
 */
export interface LabConnectionTarget {
  /** The lab's Heat stack: host keys are pinned per stack, so a reset lab pins afresh. */
  readonly stackId: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly privateKey?: string;
  readonly passphrase?: string;
  readonly password?: string;
  /** Published by the template: verify strictly instead of trusting on first use. */
  readonly hostKeyFingerprint?: string;
  /** Reach this host through another connection of the course (`ssh -J`). */
  readonly jump?: Omit<LabConnectionTarget, 'jump' | 'stackId'>;
}

export interface LabConnectionResolver {
  /** Throws a UserFacingError (e.g. "no lab running: press Launch") when it cannot. */
  resolve(courseId: string, connection: string): Promise<LabConnectionTarget>;
}

export type { LabRunState };

export interface LabStateProbe {
  state(courseId: string): Promise<LabRunState>;
}
