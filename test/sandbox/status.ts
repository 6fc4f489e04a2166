import { existsSync } from 'node:fs';
import type { SandboxPaths } from './paths';
import { httpStatus } from './probe';
import { readSandboxState, type SandboxState } from './state';
import { runningDaemons } from './stop';

export interface SandboxStatus {
  readonly running: boolean;
  readonly daemons: Record<string, number | 'shared' | undefined>;
  readonly state?: SandboxState;
  readonly answers: { keystone: boolean; heat: boolean; gate: boolean };
  readonly labs: {
    id: string;
    stackName: string;
    projectId: string;
    state: string;
    sshPort: number;
    rdpPort: number;
    answering: boolean;
  }[];
}

export async function sandboxStatus(paths: SandboxPaths): Promise<SandboxStatus> {
  const daemons = runningDaemons(paths);
  const state = existsSync(paths.stateFile) ? readSandboxState(paths.stateFile) : undefined;
  const answers = { keystone: false, heat: false, gate: false };
  let labs: SandboxStatus['labs'] = [];
  if (state) {
    const [keystone, heat, gate] = await Promise.all([
      httpStatus(state.keystone.url, 5000),
      httpStatus(`http://127.0.0.1:${state.heat.port}/`, 5000),
      httpStatus(`${state.lab.gateUrl}/health`, 5000),
    ]);
    Object.assign(answers, { keystone: keystone === 200, heat: heat === 300, gate: gate === 200 });
    if (answers.gate) labs = (await (await fetch(`${state.lab.gateUrl}/labs`)).json()) as SandboxStatus['labs'];
  }
  const running = state !== undefined && Object.values(daemons).every((pid) => pid !== undefined) && Object.values(answers).every(Boolean);
  return { running, daemons, state, answers, labs };
}

export function describeStatus(status: SandboxStatus): string[] {
  const lines = [status.running ? 'sandbox: running' : 'sandbox: NOT running'];
  for (const [name, pid] of Object.entries(status.daemons))
    lines.push(
      `  ${name.padEnd(12)} ${pid === undefined ? 'stopped' : pid === 'shared' ? 'shared (started by another sandbox)' : `pid ${pid}`}`,
    );
  const s = status.state;
  if (s) {
    lines.push(
      `  keystone     ${s.keystone.url} ${status.answers.keystone ? 'answers' : 'does not answer'}`,
      `  heat         ${s.heat.url}/<project_id> ${status.answers.heat ? 'answers' : 'does not answer'}`,
      `  lab gate     ${s.lab.gateUrl} ${status.answers.gate ? 'answers' : 'does not answer'}; xrdp on 127.0.0.1:${s.lab.xrdpPort}; lab user ${s.lab.user}`,
      `  learners     ${s.learners.map((l) => l.name).join(', ')} (projects ${s.learners.map((l) => l.projectName).join(', ')})`,
      `  clouds       ${s.learners.map((l) => l.name).join(', ')}, ${s.appCredential.userName}-appcred, instructor, admin`,
    );
  }
  for (const lab of status.labs) {
    lines.push(
      `  lab ${lab.stackName}/${lab.id.slice(0, 8)}: ${lab.state}${lab.answering ? ', answering' : ''} (ssh ${lab.sshPort}, rdp ${lab.rdpPort})`,
    );
  }
  return lines;
}

export function usageLines(s: SandboxState): string[] {
  return [
    'Point the app (or the openstack CLI) at it:',
    `  export OS_CLIENT_CONFIG_FILE=${s.files.cloudsYaml}`,
    `  export OS_CLIENT_SECURE_FILE=${s.files.secureYaml}`,
    `  export OS_CLOUD=learner1      # or learner2…, ${s.appCredential.userName}-appcred, instructor, admin`,
    `Heat environment of this cloud (merge after the course's): ${s.files.heatEnvironment}`,
    `Try it: openstack stack create -t ${s.files.sampleTemplate} -e ${s.files.sampleEnvironment} -e ${s.files.heatEnvironment} --wait mylab`,
  ];
}
