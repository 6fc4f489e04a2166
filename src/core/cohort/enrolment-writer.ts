import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Enrolment } from '../../shared/cohort/enrolment';
import type { ResolvedCloud } from '../openstack/clouds-config/cloud-types';

/** One learner row of the CSV: `username,project` (a header line naming them is allowed). */
export interface LearnerRow {
  readonly username: string;
  readonly project: string;
  readonly line: number;
}

export class LearnerCsvError extends Error {
  constructor(file: string, line: number, detail: string) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'LearnerCsvError';
  }
}

/** Reads `username,project` lines; `project` defaults to the sandbox's naming `lab-<username>`. */
export function readLearnerCsv(file: string): LearnerRow[] {
  const rows: LearnerRow[] = [];
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const text = raw.trim();
    if (!text || text.startsWith('#')) return;
    const cells = text.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (index === 0 && cells[0]?.toLowerCase() === 'username') return;
    const [username, project] = cells;
    if (!username || !/^[\w.@+-]+$/.test(username)) throw new LearnerCsvError(file, index + 1, `"${username ?? ''}" is not a user name`);
    rows.push({ username, project: project || `lab-${username}`, line: index + 1 });
  });
  if (!rows.length) throw new LearnerCsvError(file, 1, 'no learner: expected lines of "username,project"');
  return rows;
}

/** Writes `<dir>/<username>.lab-enrol.json` per learner, for the cloud the instructor uses. */
export function writeEnrolments(
  learners: readonly LearnerRow[],
  options: { cloud: ResolvedCloud; courseId: string; bundle?: string; cohort?: string; dir: string },
): { learner: string; file: string }[] {
  mkdirSync(options.dir, { recursive: true });
  const auth = options.cloud.auth;
  const userDomainName = 'userDomainName' in auth && auth.userDomainName ? auth.userDomainName : 'Default';
  const projectDomainName = 'projectDomainName' in auth && auth.projectDomainName ? auth.projectDomainName : 'Default';
  return learners.map((learner) => {
    const enrolment = Enrolment.parse({
      format: 'lab-console-enrolment/1',
      cloud: {
        name: options.cloud.name,
        authUrl: auth.authUrl,
        region: options.cloud.regionName,
        interface: options.cloud.interface,
        username: learner.username,
        userDomainName,
        projectName: learner.project,
        projectDomainName,
      },
      course: { id: options.courseId, ...(options.bundle ? { bundle: options.bundle } : {}) },
      ...(options.cohort ? { cohort: options.cohort } : {}),
    });
    const file = join(options.dir, `${learner.username}.lab-enrol.json`);
    writeFileSync(file, `${JSON.stringify(enrolment, null, 2)}\n`, { mode: 0o644 });
    return { learner: learner.username, file };
  });
}
