import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCloudFiles, writeHeatEnvironment } from './clouds-files';
import { startDaemon } from './daemon';
import { ensurePackages, SandboxPrerequisiteError } from './debian-packages';
import { canListen, findFreePort } from './free-port';
import { heatUrl, initHeat, startHeat, writeHeatConfig } from './heat';
import { ensureIdentityLayout } from './identity-layout';
import { initKeystone, keystoneUrl, startKeystone, writeKeystoneConfig } from './keystone';
import { ensureLabUser, labUserName } from './lab-user';
import { repoRoot, type SandboxPaths } from './paths';
import { httpStatus, waitFor } from './probe';
import { loadConfig, newConfig, saveConfig, type PortName, type SandboxConfig } from './sandbox-config';
import { readSandboxState, type SandboxState } from './state';
import { sandboxHealthy } from './health';
import { runningDaemons, stopSandbox } from './stop';
import { canUsePrivateMounts, sesmanAnswers, sesmanPort, startXrdp, writeXrdpConfig } from './xrdp';

export const DEFAULT_LEARNERS = 3;

export interface StartOptions {
  /** Cohort size; undefined keeps the current one (3 the first time). */
  readonly learners?: number;
  readonly log: (line: string) => void;
}

export interface StartResult {
  readonly state: SandboxState;
  /** 'running' when it was already up (a no-op), else 'started'. */
  readonly outcome: 'running' | 'started' | 'resized';
  readonly seconds: number;
}

export async function startSandbox(paths: SandboxPaths, options: StartOptions): Promise<StartResult> {
  const began = Date.now();
  const seconds = () => (Date.now() - began) / 1000;
  const running = await sandboxHealthy(paths);
  if (running && (options.learners === undefined || options.learners === running.learners.length)) {
    return { state: running, outcome: 'running', seconds: seconds() };
  }
  if (process.getuid?.() !== 0) {
    throw new SandboxPrerequisiteError(
      'The sandbox must run as root: it installs Debian packages, creates the lab Unix user and runs sshd and xrdp. ' +
        'Run it in a container or VM as root (sudo npm run sandbox).',
    );
  }
  if (running) {
    const config = loadConfig(paths) as SandboxConfig;
    config.learnerCount = options.learners as number;
    const state = await layOut(paths, config, options.log);
    return { state, outcome: 'resized', seconds: seconds() };
  }

  const stale = await stopSandbox(paths);
  if (stale.length > 0) options.log(`stopped leftovers of an earlier run: ${stale.join(', ')}`);
  ensurePackages(options.log);
  for (const dir of [paths.root, paths.runDir, paths.logDir, paths.labsDir]) mkdirSync(dir, { recursive: true });

  let config = loadConfig(paths);
  if (!config) {
    // databases without the passwords that made them are useless: begin again
    for (const dir of [paths.keystoneDir, paths.heatDir, paths.labsDir]) rmSync(dir, { recursive: true, force: true });
    mkdirSync(paths.labsDir, { recursive: true });
    config = await newConfig(options.learners ?? DEFAULT_LEARNERS);
  }
  if (options.learners !== undefined) config.learnerCount = options.learners;
  config.ports.sesman ??= await findFreePort(new Set(Object.values(config.ports).filter((p) => p !== undefined)));
  await movePortsInUse(config, options.log);
  // Each sandbox runs its own xrdp-sesman on its own port; xrdp finds it through a private view of
  // /etc/xrdp/sesman.ini (see xrdp.ts), so two checkouts' sandboxes never log in through each other's.
  const privateSesman = canUsePrivateMounts();
  const ownSesman = privateSesman || !(await sesmanAnswers(sesmanPort()));
  const sesman = privateSesman ? config.ports.sesman : sesmanPort();
  if (!ownSesman) {
    options.log(
      `port ${sesmanPort()} (xrdp-sesman; xrdp reads it from /etc/xrdp/sesman.ini) is taken and this machine cannot give ` +
        "xrdp a private mount namespace: RDP logins will use the xrdp-sesman already there (another checkout's sandbox, or a system xrdp)",
    );
  }
  saveConfig(paths, config);
  writeKeystoneConfig(paths);
  writeHeatConfig(paths, config);
  writeHeatEnvironment(paths);

  const keystone = (async () => {
    if (!config.keystoneInitialized) {
      options.log('creating the Keystone database and keys (first start)');
      await initKeystone(paths, config);
      config.keystoneInitialized = true;
      saveConfig(paths, config);
    }
    startKeystone(paths, config);
    await waitFor(
      'Keystone',
      async () => (await httpStatus(keystoneUrl(config))) === 200,
      120_000,
      `see ${join(paths.logDir, 'keystone.log')}`,
    );
    options.log(`Keystone answers at ${keystoneUrl(config)} (${seconds().toFixed(1)} s)`);
  })();
  const heat = (async () => {
    if (!config.heatInitialized) {
      options.log('creating the Heat database (first start)');
      await initHeat(paths);
      config.heatInitialized = true;
      saveConfig(paths, config);
    }
    startHeat(paths);
  })();
  const labHosts = (async () => {
    const home = await ensureLabUser(labUserName(paths.root), config.passwords.lab);
    const rdpCertSha256 = await writeXrdpConfig(paths, config.ports.xrdp, sesman);
    writeFileSync(
      join(paths.root, 'lab-host.json'),
      JSON.stringify({
        user: labUserName(paths.root),
        password: config.passwords.lab,
        xrdpPort: config.ports.xrdp,
        rdpCertSha256,
        reservedPorts: Object.values(config.ports),
      }),
      { mode: 0o600 },
    );
    await startXrdp(paths, { ownSesman, privateSesman });
    startDaemon({
      name: 'gate',
      command: process.execPath,
      args: ['--import', 'tsx', paths.gateMain, '--dir', paths.root, '--port', String(config.ports.gate)],
      cwd: repoRoot,
      pidFile: paths.pidFiles.gate,
      logFile: join(paths.logDir, 'gate.log'),
    });
    await waitFor(
      'The lab gate',
      async () => (await httpStatus(`http://127.0.0.1:${config.ports.gate}/health`)) === 200,
      60_000,
      `see ${join(paths.logDir, 'gate.log')}`,
    );
    return { home, rdpCertSha256 };
  })();

  try {
    const [, , lab] = await Promise.all([keystone, heat, labHosts]);
    const state = await layOut(paths, config, options.log, lab);
    await waitFor(
      'Heat',
      async () => (await httpStatus(`http://127.0.0.1:${config.ports.heat}/`)) === 300,
      180_000,
      `see ${join(paths.logDir, 'heat.log')}`,
    );
    options.log(`Heat answers at ${state.heat.url} (${seconds().toFixed(1)} s)`);
    return { state, outcome: 'started', seconds: seconds() };
  } catch (error) {
    // no half-started sandbox: the next start begins clean; the logs stay for a look
    await Promise.allSettled([keystone, heat, labHosts]);
    await stopSandbox(paths);
    throw error;
  }
}

/** Bumped when ensureIdentityLayout grants something new (2: the instructor's reader role on the domain), so an existing sandbox gets it. */
const IDENTITY_LAYOUT_VERSION = 2;

/** Identity layout, clouds.yaml/secure.yaml and sandbox.json (the layout is reused when nothing changed). */
async function layOut(
  paths: SandboxPaths,
  config: SandboxConfig,
  log: (line: string) => void,
  labHosts?: { home: string; rdpCertSha256: string },
): Promise<SandboxState> {
  const ksUrl = keystoneUrl(config);
  const fingerprint = JSON.stringify({ ports: config.ports, learners: config.learnerCount, layout: IDENTITY_LAYOUT_VERSION });
  let layout = config.layout?.fingerprint === fingerprint ? config.layout.value : undefined;
  if (!layout) {
    log(`laying out identities: ${config.learnerCount} learner project(s), an instructor, Heat's service user and domain`);
    layout = await ensureIdentityLayout(config, ksUrl, heatUrl(config));
    config.layout = { fingerprint, value: layout };
    saveConfig(paths, config);
  }
  const previous = existsSync(paths.stateFile) ? readSandboxState(paths.stateFile) : undefined;
  const lab = labHosts ?? { home: previous?.lab.home ?? '', rdpCertSha256: previous?.lab.xrdpCertSha256 ?? '' };
  const state: SandboxState = {
    version: 1,
    startedAt: previous?.startedAt ?? new Date().toISOString(),
    region: config.region,
    userDomain: 'Default',
    keystone: { url: ksUrl, port: config.ports.keystone },
    heat: { url: heatUrl(config), port: config.ports.heat },
    ...layout,
    files: {
      cloudsYaml: paths.cloudsYaml,
      secureYaml: paths.secureYaml,
      heatEnvironment: paths.heatEnvironment,
      sampleTemplate: paths.sampleTemplate,
      sampleEnvironment: paths.sampleEnvironment,
    },
    lab: {
      user: labUserName(paths.root),
      password: config.passwords.lab,
      home: lab.home,
      xrdpPort: config.ports.xrdp,
      xrdpCertSha256: lab.rdpCertSha256,
      gateUrl: `http://127.0.0.1:${config.ports.gate}`,
    },
    pids: Object.fromEntries(Object.entries(runningDaemons(paths)).filter((e): e is [string, number] => typeof e[1] === 'number')),
  };
  writeCloudFiles(paths, state);
  // readers (tests of other tools) may look at any moment: never show them half a file
  const tmp = `${paths.stateFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
  renameSync(tmp, paths.stateFile);
  return state;
}

/** Ports are kept across restarts (Keystone's catalog holds them); one someone else took moves. */
async function movePortsInUse(config: SandboxConfig, log: (line: string) => void): Promise<void> {
  const taken = new Set(Object.values(config.ports));
  for (const name of Object.keys(config.ports) as PortName[]) {
    const current = config.ports[name];
    if (current === undefined || (await canListen(current))) continue;
    const port = await findFreePort(taken);
    log(`port ${current} (${name}) is in use; moving ${name} to ${port}`);
    config.ports[name] = port;
    taken.add(port);
  }
}
