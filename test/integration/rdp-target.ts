import { describe } from 'vitest';
import { describeWithSandbox } from '../sandbox/vitest-sandbox';

/**
 * The xrdp the rdp-*.test.ts files log in to: the sandbox's shared xrdp and lab account
 * (test/sandbox/state.ts), or — for working on the RDP client without the Keystone + Heat
 * sandbox — any xrdp named by these environment variables (all of them):
 *   RDP_TEST_PORT, RDP_TEST_USER, RDP_TEST_PASSWORD, RDP_TEST_CERT_SHA256 (DER, hex),
 *   RDP_TEST_HOME (the user's home folder, to find files typed into the desktop);
 *   RDP_TEST_HOST defaults to 127.0.0.1.
 * The desktop must show a focusable xterm under (100, 100), as the sandbox's and test/data/rdp's do.
 */
export interface RdpTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly certSha256: string;
  readonly home: string;
}

function fromEnvironment(): RdpTarget | undefined {
  const env = process.env;
  if (!env.RDP_TEST_PORT) return undefined;
  const required = ['RDP_TEST_USER', 'RDP_TEST_PASSWORD', 'RDP_TEST_CERT_SHA256', 'RDP_TEST_HOME'] as const;
  const missing = required.filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`RDP_TEST_PORT is set, so ${missing.join(', ')} must be set too`);
  return {
    host: env.RDP_TEST_HOST ?? '127.0.0.1',
    port: Number(env.RDP_TEST_PORT),
    user: env.RDP_TEST_USER!,
    password: env.RDP_TEST_PASSWORD!,
    certSha256: env.RDP_TEST_CERT_SHA256!.replaceAll(':', '').toLowerCase(),
    home: env.RDP_TEST_HOME!,
  };
}

/** Runs the suite against the environment's xrdp or the sandbox's, or reports it skipped. */
export function describeWithXrdp(name: string, body: (target: () => RdpTarget) => void): void {
  const own = fromEnvironment();
  if (own) {
    describe(name, () => body(() => own));
    return;
  }
  describeWithSandbox(name, (sandbox) => {
    let cached: RdpTarget | undefined;
    body(() => {
      if (cached) return cached;
      const { lab } = sandbox();
      cached = {
        host: '127.0.0.1',
        port: lab.xrdpPort,
        user: lab.user,
        password: lab.password,
        certSha256: lab.xrdpCertSha256,
        home: lab.home,
      };
      return cached;
    });
  });
}
