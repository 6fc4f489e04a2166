/**
 * For test files: run a suite against the sandbox, or report it skipped with the reason.
 *
 *   describeWithSandbox('heat client', (sandbox) => { it('…', () => { sandbox().heat.url … }) })
 */
import { describe, inject } from 'vitest';
import './availability';
import { readSandboxState, type SandboxState } from './state';

export function sandboxAvailability() {
  return inject('sandbox') ?? { available: false, reason: 'the sandbox global setup (test/setup/sandbox-global.ts) did not run' };
}

export function describeWithSandbox(name: string, body: (sandbox: () => SandboxState) => void): void {
  const availability = sandboxAvailability();
  if (!availability.available) {
    describe.skip(`${name} [skipped: sandbox unavailable: ${availability.reason ?? 'unknown'}]`, () =>
      body(() => {
        throw new Error('sandbox unavailable');
      }));
    return;
  }
  let cached: SandboxState | undefined;
  describe(name, () => body(() => (cached ??= readSandboxState(availability.stateFile))));
}
