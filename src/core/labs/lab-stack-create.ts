import type { CourseManifest, Lab } from '../../shared/course/course-manifest';
import { stackParameters } from '../../shared/course/course-manifest';
import { CourseBundleError } from '../courses/course-errors';
import { prepareCourseLab } from '../courses/lab-template';
import { crashPoint } from '../jobs/crash-points';
import { HeatError, StackActionFailedError } from '../openstack/errors';
import { cloudEnvironmentSource } from '../openstack/heat/cloud-environment';
import type { Stack, StackRef } from '../openstack/heat/heat-client';
import type { OpenStackConnection } from '../openstack/openstack-client';
import type { Clock } from '../time/clock';
import type { LabOperationContext } from './lab-engine';
import { LabCreateFailedError } from './lab-errors';
import { labTags } from './lab-identity';
import { labSourcesFor } from './lab-providers';
import type { LabRecordKeeper } from './lab-record-keeper';
import type { LabRecord } from './lab-store';
import { LAUNCH_ERROR } from './lab-states';
import { labWaitOptions, stackEventProgress } from './stack-steps';

export interface LabStackCreateDeps {
  readonly courses: { courseDir(id: string): string };
  readonly records: LabRecordKeeper;
  readonly clock: Clock;
}

/**
 * Sends the course's template to Heat as the learner's stack and waits for it. A create Heat refuses
 * outright (LabCreateFailedError) may go to the next cloud; a stack that failed is deleted first.
 */
export async function createLabStack(
  deps: LabStackCreateDeps,
  conn: OpenStackConnection,
  manifest: CourseManifest,
  lab: Lab,
  record: LabRecord,
  ctx: LabOperationContext,
): Promise<Stack> {
  ctx.progress({ fraction: 0.05, message: `Creating the lab on ${conn.cloud.name}` });
  // The stored bundle is read again, through the same confinement as at import: it may have been edited since.
  const sources = labSourcesFor(lab, conn.cloud.name);
  const prepared = await prepareCourseLab(deps.courses.courseDir(manifest.id), sources, cloudEnvironmentSource(conn.cloud)).catch(
    (error: unknown) => {
      if (error instanceof CourseBundleError)
        deps.records.save(deps.records.refresh(record), { state: LAUNCH_ERROR, error: error.message, launchDeadline: null }, 'not-running');
      throw error;
    },
  );
  const resourceCount = Object.keys((prepared.template.resources as Record<string, unknown> | undefined) ?? {}).length;
  // Written (and committed) before the request leaves: if this process dies before the answer is
  // written, the retry finds the stack on this cloud instead of creating another elsewhere.
  record = deps.records.save(record, { creatingOn: record.provider ?? conn.cloud.name }, 'not-running');
  let sent: StackRef | undefined;
  try {
    return await conn.stacks.create(
      {
        name: record.stackName,
        template: prepared.template,
        files: prepared.files,
        environment: prepared.environment,
        parameters: stackParameters(manifest),
        tags: labTags(manifest.id, manifest.version, record.userId),
        timeoutMins: Math.max(1, Math.ceil(lab.timeouts.launch_timeout / 60)),
        // Keep a failed stack as it failed, so its reason can be read; we delete it ourselves.
        disableRollback: true,
      },
      {
        ...labWaitOptions(ctx.signal, deps.clock),
        onEvent: stackEventProgress((update) => ctx.progress(update), 'CREATE', resourceCount),
        afterPost: (ref) => {
          sent = ref;
          // Heat has the stack; this process has not written its id yet (as if it died awaiting the answer).
          crashPoint('after-create-sent');
          deps.records.save(record, { stackId: ref.id, state: 'CREATE_IN_PROGRESS', creatingOn: null }, 'running');
          crashPoint('after-create-post');
        },
      },
    );
  } catch (error) {
    if (!sent) {
      // Heat refused the request itself (a template or environment this cloud rejects, a quota):
      // no stack exists, and another cloud may accept it. Network trouble is retried by the job instead.
      if (error instanceof HeatError && error.status >= 400 && error.status < 500 && error.status !== 409) {
        deps.records.save(
          deps.records.refresh(record),
          { state: LAUNCH_ERROR, error: error.message, launchDeadline: null, creatingOn: null },
          'not-running',
        );
        throw new LabCreateFailedError(conn.cloud.name, error.message);
      }
      throw error;
    }
    if (!(error instanceof StackActionFailedError)) throw error;
    const reason = error.statusReason ?? error.message;
    deps.records.save(deps.records.refresh(record), { state: LAUNCH_ERROR, error: reason }, 'running');
    ctx.progress({ message: `Create failed: ${reason}. Deleting the failed stack` });
    await conn.stacks.delete(sent, labWaitOptions(ctx.signal, deps.clock));
    deps.records.save(
      deps.records.refresh(record),
      { stackId: null, state: LAUNCH_ERROR, error: reason, launchDeadline: null },
      'not-running',
    );
    throw new LabCreateFailedError(conn.cloud.name, reason);
  }
}
