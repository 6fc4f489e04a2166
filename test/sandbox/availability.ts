/**
 * What the integration/e2e global setup hands to tests (vitest `provide` / `inject('sandbox')`).
 * Kept free of vitest imports so both sides can use it.
 */
export interface SandboxAvailability {
  readonly available: boolean;
  /** Path of `.sandbox/sandbox.json` when available. */
  readonly stateFile?: string;
  /** Why it is not available (shown in skipped test names). */
  readonly reason?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    sandbox: SandboxAvailability;
  }
}
