/**
 * One connection of a running lab, resolved from its stack's outputs (and the secret store, or the
 * outputs themselves for an instructor): what a live session, a check or a hook needs to reach it.
 */
export interface LabConnectionTarget {
  /** The lab's Heat stack: host keys and certificates are pinned per stack, so a reset lab pins afresh. */
  readonly stackId: string;
  /** As the course names it; absent where only ssh connections are resolved (the instructor's). */
  readonly protocol?: 'ssh' | 'rdp' | 'vnc';
  readonly host: string;
  readonly port: number;
  /** Empty for a VNC connection: the VNC password stands alone. */
  readonly user: string;
  readonly privateKey?: string;
  readonly passphrase?: string;
  readonly password?: string;
  /** Published by the template: verify strictly instead of trusting on first use. */
  readonly hostKeyFingerprint?: string;
  readonly rdpCertSha256?: string;
  readonly vncCertSha256?: string;
  /** Reach this host through another connection of the course (`ssh -J`). */
  readonly jump?: Omit<LabConnectionTarget, 'jump' | 'stackId'>;
}
