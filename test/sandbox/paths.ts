import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout this sandbox belongs to (two levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every file the sandbox writes lives under `<repo>/.sandbox/` (git-ignored), so two checkouts never collide. */
export interface SandboxPaths {
  readonly root: string;
  /** Public state for tests and tools, present only while the sandbox runs. */
  readonly stateFile: string;
  /** Ports, passwords and ids kept across restarts. */
  readonly configFile: string;
  readonly runDir: string;
  readonly logDir: string;
  readonly keystoneDir: string;
  readonly heatDir: string;
  readonly xrdpDir: string;
  /** One folder per lab host (per Heat resource), owned by the gate. */
  readonly labsDir: string;
  /** Where the gate says which port its control API listens on. */
  readonly gateFile: string;
  readonly cloudsYaml: string;
  readonly secureYaml: string;
  readonly heatEnvironment: string;
  readonly heatPluginDir: string;
  readonly gateMain: string;
  readonly sampleTemplate: string;
  readonly sampleEnvironment: string;
  /** Pid files of the sandbox's daemons, in stop order (the gate first: it ends the lab sshds). */
  readonly pidFiles: {
    readonly gate: string;
    readonly heat: string;
    readonly keystone: string;
    readonly xrdp: string;
    readonly 'xrdp-sesman': string;
  };
  /** Present while this sandbox relies on an xrdp-sesman it did not start. */
  readonly sharedSesmanMarker: string;
}

/** `LAB_SANDBOX_ROOT` moves the whole sandbox elsewhere (e.g. a second, independent one). */
export function sandboxPaths(root = process.env.LAB_SANDBOX_ROOT ?? join(repoRoot, '.sandbox')): SandboxPaths {
  return {
    root,
    stateFile: join(root, 'sandbox.json'),
    configFile: join(root, 'config.json'),
    runDir: join(root, 'run'),
    logDir: join(root, 'logs'),
    keystoneDir: join(root, 'keystone'),
    heatDir: join(root, 'heat'),
    xrdpDir: join(root, 'xrdp'),
    labsDir: join(root, 'labs'),
    gateFile: join(root, 'gate.json'),
    cloudsYaml: join(root, 'clouds.yaml'),
    secureYaml: join(root, 'secure.yaml'),
    heatEnvironment: join(root, 'heat-environment.yaml'),
    heatPluginDir: join(repoRoot, 'test', 'sandbox', 'heat-plugin'),
    gateMain: join(repoRoot, 'test', 'sandbox', 'gate', 'gate-main.ts'),
    sampleTemplate: join(repoRoot, 'assets', 'sample-course', 'lab', 'lab.yaml'),
    sampleEnvironment: join(repoRoot, 'assets', 'sample-course', 'lab', 'environment.yaml'),
    pidFiles: {
      gate: join(root, 'run', 'gate.pid'),
      heat: join(root, 'run', 'heat.pid'),
      keystone: join(root, 'run', 'keystone.pid'),
      xrdp: join(root, 'run', 'xrdp.pid'),
      'xrdp-sesman': join(root, 'run', 'xrdp-sesman.pid'),
    },
    sharedSesmanMarker: join(root, 'run', 'xrdp-sesman.shared'),
  };
}
