import { RUN_PARAMETER } from '../../shared/course';
import { serviceProblems } from './service-references';
import type { LocatedProblem } from './yaml-source';

/**
 * Checks across fields of course.yaml: names that must point at something, ids that must be
 * unique. They read the raw YAML data defensively, so they report even while other fields of
 * the file are still wrong (an author sees every problem in one run).
 */
export function referenceProblems(data: unknown): LocatedProblem[] {
  const root = asRecord(data);
  if (!root) return [];
  const problems: LocatedProblem[] = [];
  const lab = asRecord(root.lab);
  const connections = asArray(lab?.connections);
  const protocols = new Map<string, string>();

  connections.forEach((raw, index) => {
    const c = asRecord(raw);
    const name = asString(c?.name);
    if (name === undefined) return;
    if (protocols.has(name)) {
      problems.push({ path: ['lab', 'connections', index, 'name'], message: `duplicate connection name "${name}"` });
    } else {
      protocols.set(name, asString(c?.protocol) ?? '');
    }
  });
  if (asRecord(lab?.parameters)?.[RUN_PARAMETER] !== undefined) {
    problems.push({
      path: ['lab', 'parameters', RUN_PARAMETER],
      at: 'key',
      message: 'Lab Console sets the template parameter "run" to the course id; remove it here',
    });
  }
  const clouds = new Set<string>();
  asArray(lab?.providers).forEach((raw, index) => {
    const cloud = asString(asRecord(raw)?.cloud);
    if (cloud === undefined) return;
    if (clouds.has(cloud)) problems.push({ path: ['lab', 'providers', index, 'cloud'], message: `cloud "${cloud}" is listed twice` });
    clouds.add(cloud);
  });
  const sshNames = [...protocols].filter(([, p]) => p === 'ssh').map(([n]) => n);

  const needSsh = (path: PropertyKey[], name: string, what: string): void => {
    const protocol = protocols.get(name);
    if (protocol === undefined) {
      problems.push({ path, message: `${what} "${name}" is not a connection of this lab (${known(protocols)})` });
    } else if (protocol !== 'ssh') {
      problems.push({ path, message: `${what} "${name}" must be an ssh connection, it is ${protocol}` });
    }
  };

  connections.forEach((raw, index) => {
    const c = asRecord(raw);
    const jump = asString(c?.jump);
    if (jump === undefined) return;
    const path = ['lab', 'connections', index, 'jump'];
    if (jump === asString(c?.name)) {
      problems.push({ path, message: 'a connection cannot jump through itself' });
      return;
    }
    needSsh(path, jump, 'jump host');
    const target = connections.map(asRecord).find((other) => asString(other?.name) === jump);
    if (target && asString(target.jump) !== undefined) {
      problems.push({ path, message: `"${jump}" itself jumps through another host; only one jump is supported` });
    }
  });

  const hooks = asRecord(lab?.hooks);
  for (const [hookName, raw] of Object.entries(hooks ?? {})) {
    const connection = asString(asRecord(raw)?.connection);
    const path = ['lab', 'hooks', hookName];
    if (connection !== undefined) needSsh([...path, 'connection'], connection, 'hook connection');
    else if (raw !== undefined && raw !== null && lab && sshNames.length === 0) {
      problems.push({ path, message: 'hooks run over ssh, but this lab has no ssh connection' });
    }
  }

  problems.push(...serviceProblems(lab, protocols, needSsh));

  const desktopsOpened = new Set<string>();
  asArray(lab?.tabs).forEach((raw, index) => {
    const name = asString(raw) ?? asString(asRecord(raw)?.connection);
    if (name === undefined) return;
    const path = typeof raw === 'string' ? ['lab', 'tabs', index] : ['lab', 'tabs', index, 'connection'];
    const protocol = protocols.get(name);
    if (protocol === undefined) problems.push({ path, message: `tab "${name}" is not a connection of this lab (${known(protocols)})` });
    else if ((protocol === 'rdp' || protocol === 'vnc') && desktopsOpened.has(name))
      problems.push({ path, message: `the desktop "${name}" is already a tab; a desktop opens once` });
    else if (protocol === 'rdp' || protocol === 'vnc') desktopsOpened.add(name);
  });

  const steps = asArray(root.steps);
  const stepIds = new Map<string, number>();
  steps.forEach((raw, index) => {
    const step = asRecord(raw);
    const id = asString(step?.id);
    if (id !== undefined) {
      const first = stepIds.get(id);
      if (first !== undefined) {
        problems.push({
          path: ['steps', index, 'id'],
          message: `duplicate step id "${id}" (also steps[${first}]); step ids must be unique`,
        });
      } else stepIds.set(id, index);
    }
    const checks = asArray(step?.checks);
    if (step?.solve !== undefined && !lab) {
      problems.push({ path: ['steps', index, 'solve'], message: 'a solve script runs on the lab, but this course has no lab' });
    } else if (step?.solve !== undefined && connections.length > 0 && sshNames.length === 0) {
      problems.push({ path: ['steps', index, 'solve'], message: 'a solve script runs over ssh, but this lab has no ssh connection' });
    }
    const checkConnection = asString(step?.check_connection);
    if (checkConnection !== undefined) needSsh(['steps', index, 'check_connection'], checkConnection, 'check connection');
    else if (checks.length > 0 && !lab) {
      problems.push({ path: ['steps', index, 'checks'], message: 'checks run on the lab, but this course has no lab' });
    } else if (checks.length > 0 && connections.length > 0 && sshNames.length === 0) {
      problems.push({ path: ['steps', index, 'checks'], message: 'checks run over ssh, but this lab has no ssh connection' });
    }
  });
  return problems;
}

function known(protocols: Map<string, string>): string {
  return protocols.size === 0 ? 'it has none' : `known: ${[...protocols.keys()].join(', ')}`;
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
