import { RUN_PARAMETER, type Connection, type CourseManifest, type ValueSource } from '../../shared/course';
import { asRecord } from './manifest-references';
import { valueAt, type LocatedProblem, type YamlSource } from './yaml-source';

export interface ContractProblems {
  /** Problems to report in course.yaml. */
  readonly course: LocatedProblem[];
  /** Problems to report in the template file. */
  readonly template: LocatedProblem[];
}

/**
 * Offline checks of the course against its Heat template: the `run` parameter the app fills,
 * parameters the course sets or must set, and the outputs its connections and services read. Heat's own
 * template-validate (with a cloud) checks the rest.
 */
export function templateContractProblems(
  manifest: CourseManifest,
  /** course.yaml as written, to tell a defaulted field from one the author named. */
  rawCourse: unknown,
  template: YamlSource,
  environment: YamlSource | undefined,
): ContractProblems {
  const course: LocatedProblem[] = [];
  const templateProblems: LocatedProblem[] = [];
  const lab = manifest.lab;
  const root = asRecord(template.data);
  if (!lab) return { course, template: templateProblems };
  if (!root || root.heat_template_version === undefined) {
    templateProblems.push({ path: [], message: 'not a Heat template: heat_template_version is missing' });
    return { course, template: templateProblems };
  }

  const parameters = asRecord(root.parameters) ?? {};
  const outputs = Object.keys(asRecord(root.outputs) ?? {});
  if (!(RUN_PARAMETER in parameters)) {
    templateProblems.push({
      path: root.parameters ? ['parameters'] : [],
      message: `the template must declare a parameter "${RUN_PARAMETER}" (type: string); Lab Console passes the course id in it, as hastexo did`,
    });
  }
  for (const name of Object.keys(lab.parameters)) {
    if (!(name in parameters)) {
      course.push({ path: ['lab', 'parameters', name], at: 'key', message: `the template has no parameter "${name}"` });
    }
  }
  const envRoot = asRecord(environment?.data);
  const fromEnvironment = { ...asRecord(envRoot?.parameters), ...asRecord(envRoot?.parameter_defaults) };
  for (const [name, definition] of Object.entries(parameters)) {
    const hasDefault = asRecord(definition)?.default !== undefined;
    if (name === RUN_PARAMETER || hasDefault || name in lab.parameters || name in fromEnvironment) continue;
    course.push({
      path: ['lab', 'parameters'],
      message: `the template's parameter "${name}" has no default; give it a value under lab.parameters`,
    });
  }

  const outputList = outputs.length > 0 ? outputs.join(', ') : 'none';
  lab.connections.forEach((connection, index) => {
    const base = ['lab', 'connections', index];
    const has = (source: ValueSource): boolean => source.from === 'literal' || outputs.includes(source.output);
    for (const [field, source] of connectionSources(connection)) {
      if (source.from !== 'output' || !source.required || outputs.includes(source.output)) continue;
      const defaulted = valueAt(rawCourse, [...base, field]) === undefined;
      course.push({
        path: [...base, field],
        message: defaulted
          ? `${field} defaults to the output "${source.output}", which the template does not have (outputs: ${outputList}); name one with ${field}: {output: NAME}`
          : `the template has no output "${source.output}" (outputs: ${outputList})`,
      });
    }
    if (connection.protocol === 'ssh' && !has(connection.private_key) && !has(connection.password)) {
      course.push({
        path: base,
        message: `ssh connection "${connection.name}" has no credential: the template has neither a "private_key" nor a "password" output; name one with private_key: {output: NAME}`,
      });
    }
    if (connection.protocol === 'rdp' && !has(connection.password)) {
      course.push({
        path: base,
        message: `rdp connection "${connection.name}" needs a password: the template has no "password" output; name one with password: {output: NAME}`,
      });
    }
  });
  lab.services.forEach((service, index) => {
    const sources: [string, ValueSource | null][] = [
      ['host', service.host],
      ['port', service.port],
      ['cert_sha256', service.cert_sha256],
    ];
    for (const [field, source] of sources) {
      if (source?.from !== 'output' || outputs.includes(source.output)) continue;
      course.push({
        path: ['lab', 'services', index, field],
        message: `the template has no output "${source.output}" (outputs: ${outputList})`,
      });
    }
  });
  return { course, template: templateProblems };
}

function connectionSources(connection: Connection): [string, ValueSource][] {
  const list: [string, ValueSource | null][] = [
    ['host', connection.host],
    ['port', connection.port],
    ['password', connection.password],
  ];
  if (connection.protocol === 'ssh') {
    list.push(
      ['user', connection.user],
      ['private_key', connection.private_key],
      ['host_key_fingerprint', connection.host_key_fingerprint],
    );
  } else if (connection.protocol === 'rdp') {
    list.push(['user', connection.user], ['rdp_cert_sha256', connection.rdp_cert_sha256]);
  } else {
    list.push(['vnc_cert_sha256', connection.vnc_cert_sha256]);
  }
  return list.filter((entry): entry is [string, ValueSource] => entry[1] !== null);
}
