import { randomBytes } from 'node:crypto';
import type { CallOutput, ParsedInput } from '../../shared/contract';
import { UserFacingError } from '../api/user-error';
import { assistMarkerKeeper } from '../connect/ssh/assist-marker';
import type { Logger } from '../log/logger';
import { AuthFailedError, HeatError } from '../openstack/errors';
import type { LiveSessions } from '../stream/live-sessions';
import type { Clock } from '../time/clock';
import type { AssistLog } from './assist-log';
import { sshConnectionOf } from './cohort-connections';
import { learnerOf } from './cohort-scan';
import type { CohortService } from './cohort-service';
import { cohortLabAccess } from './cohort-watch';

/** Keystone (or Heat, on its word) refused the instructor's credentials on the learner's project. */
export class AssistRefusedError extends UserFacingError {
  constructor(user: string, project: string, reason: string) {
    super(
      'unauthorized',
      `The cloud refused ${user} on the project ${project}, so you cannot assist in this lab: ${reason} ` +
        'Assisting needs a role on the learner’s project (ask the cloud’s administrator). Nothing was opened on the lab.',
    );
    this.name = 'AssistRefusedError';
  }
}

export interface AssistDeps {
  readonly sessions: LiveSessions;
  readonly log: AssistLog;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often the marker is rewritten while the shell is open (default 30 s). */
  readonly refreshMs?: number;
}

const refused = (error: unknown): string | undefined => {
  if (error instanceof AuthFailedError) return `Keystone answered HTTP ${error.status}: ${error.keystoneMessage}`;
  if (error instanceof HeatError && (error.status === 401 || error.status === 403)) return error.message;
  return undefined;
};

/**
 * `assist.open`: a read-write shell on a learner's lab, opened with the instructor's own token on
 * the learner's project — the same session family as the learner's own terminal, writable. While
 * it is open its SSH login keeps the assist marker on the lab host; the assist is logged from the
 * moment it opens until its session closes, whatever closes it. Any refusal comes before anything
 * is opened, written or logged.
 */
export async function openAssist(
  service: CohortService,
  deps: AssistDeps,
  input: ParsedInput<'assist.open'>,
): Promise<CallOutput<'assist.open'>> {
  const by = await service.userName();
  let lab;
  try {
    lab = await service.labInProject(input.projectId, input.stackId);
  } catch (error) {
    const reason = refused(error);
    if (reason) throw new AssistRefusedError(by, input.projectId, reason);
    throw error;
  }
  if (!lab || lab.identity.courseId !== input.courseId) {
    throw new UserFacingError(
      'not_found',
      `No lab of course ${input.courseId} with stack id ${input.stackId} in project ${input.projectId}.`,
    );
  }
  const manifest = service.manifest(input.courseId);
  const connection = sshConnectionOf(manifest, input.connection).name;
  const access = cohortLabAccess(lab, manifest);
  try {
    // The lab's connection details, read now with the instructor's token: a lab that is not running,
    // or a refusal, is this call's answer.
    await access.resolve(input.courseId, connection);
  } catch (error) {
    const reason = refused(error);
    if (reason) throw new AssistRefusedError(by, lab.project.name, reason);
    throw error;
  }
  const since = new Date(deps.clock.now()).toISOString();
  const marker = { id: randomBytes(12).toString('base64url'), by, since };
  const logged = deps.log.start({
    by,
    courseId: input.courseId,
    stackId: lab.summary.id,
    stackName: lab.summary.name,
    projectId: lab.project.id,
    projectName: lab.project.name,
    learner: learnerOf(lab),
  });
  deps.logger.info('assist opened', { by, stack: lab.summary.name, project: lab.project.name });
  const { sessionId } = deps.sessions.open(
    { kind: 'terminal', courseId: input.courseId, connection, cols: input.cols, rows: input.rows },
    {
      labs: access,
      companion: assistMarkerKeeper(marker, { refreshMs: deps.refreshMs, logger: deps.logger }),
      onClosed: () => {
        deps.log.end(logged);
        deps.logger.info('assist closed', { by, stack: lab.summary.name });
      },
    },
  );
  return { sessionId, connection, by, since };
}
