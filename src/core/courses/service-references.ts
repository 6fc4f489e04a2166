import type { LocatedProblem } from './yaml-source';
import { asArray, asNumber, asRecord, asString } from './manifest-references';

type NeedSsh = (path: PropertyKey[], name: string, what: string) => void;

/**
 * Checks across fields for a lab's web services, the tabs that open them and the session
 * extensions: names that must point at something, and settings that mean nothing alone. Read from
 * the raw YAML data, like referenceProblems, so every problem shows in one run.
 */
export function serviceProblems(
  lab: Record<string, unknown> | undefined,
  protocols: ReadonlyMap<string, string>,
  needSsh: NeedSsh,
): LocatedProblem[] {
  if (!lab) return [];
  const problems: LocatedProblem[] = [];
  const names = new Set<string>();
  const sshCount = [...protocols.values()].filter((p) => p === 'ssh').length;
  asArray(lab.services).forEach((raw, index) => {
    const service = asRecord(raw);
    const path = ['lab', 'services', index];
    const name = asString(service?.name)?.trim();
    if (name !== undefined) {
      if (names.has(name)) problems.push({ path: [...path, 'name'], message: `duplicate service name "${name}"` });
      names.add(name);
    }
    const connection = asString(service?.connection);
    if (connection !== undefined) needSsh([...path, 'connection'], connection, 'service connection');
    else if (service && protocols.size > 0 && sshCount === 0) {
      problems.push({ path, message: 'a service is reached through an ssh connection, but this lab has none' });
    }
    if (service?.cert_sha256 !== undefined && service.tls !== 'self-signed') {
      problems.push({
        path: [...path, 'cert_sha256'],
        at: 'key',
        message: 'cert_sha256 pins an HTTPS certificate: set tls: self-signed too',
      });
    }
  });

  const servicesOpened = new Set<string>();
  asArray(lab.tabs).forEach((raw, index) => {
    const service = asString(asRecord(raw)?.service)?.trim();
    if (service === undefined) return;
    const path = ['lab', 'tabs', index, 'service'];
    if (!names.has(service)) {
      const list = names.size === 0 ? 'it has none' : `known: ${[...names].join(', ')}`;
      problems.push({ path, message: `tab "${service}" is not a service of this lab (${list})` });
    } else if (servicesOpened.has(service)) {
      problems.push({ path, message: `the service "${service}" is already a tab; a web console opens once` });
    }
    servicesOpened.add(service);
  });

  const timeouts = asRecord(lab.timeouts);
  const extensions = asNumber(timeouts?.max_extensions);
  const maxSession = timeouts?.max_session;
  if (extensions !== undefined && extensions > 0 && (maxSession === undefined || maxSession === null || maxSession === 'none')) {
    problems.push({
      path: ['lab', 'timeouts', 'max_extensions'],
      message:
        'extensions lengthen max_session, but this lab has no max_session; set one (e.g. max_session: 2h) or leave max_extensions out',
    });
  }
  if (timeouts?.extension !== undefined && !(extensions !== undefined && extensions > 0)) {
    problems.push({
      path: ['lab', 'timeouts', 'extension'],
      at: 'key',
      message: 'extension is how much one extension adds; it needs max_extensions (how many) above 0',
    });
  }
  return problems;
}
