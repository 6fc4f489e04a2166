import type { CourseManifest } from '../../shared/course/course-manifest';
import type { Stack } from '../openstack/heat/heat-client';
import type { SecretStore } from '../store/secret-store';
import type { Clock } from '../time/clock';
import { labSecretKey } from './lab-identity';
import { splitOutputs } from './lab-outputs';
import { isRunningStackStatus, labGroup } from './lab-states';
import type { LabBilling, LabPatch, LabRecord, LabStore } from './lab-store';

export interface LabRecordKeeperDeps {
  readonly store: LabStore;
  readonly secrets: SecretStore;
  readonly courses: { manifest(id: string): CourseManifest };
  readonly clock: Clock;
  /** Told after every change of a lab record (the UI bridge, the policies). */
  readonly onChange?: (lab: LabRecord) => void;
}

/**
 * Writes what the lab engine learnt from Heat into the lab's record: every change is saved with
 * whether the cloud bills the lab as running from then on, and announced.
 */
export class LabRecordKeeper {
  constructor(private readonly deps: LabRecordKeeperDeps) {}

  /** Applies a change; the ledger records whether the cloud bills the lab as running from now on. */
  save(record: LabRecord, patch: LabPatch, billing: LabBilling): LabRecord {
    const updated = this.deps.store.update(record.courseId, record.userId, patch, this.deps.clock.now(), {
      running: billing === 'running',
    });
    this.deps.onChange?.(updated);
    return updated;
  }

  /** The record as stored now (another step of the same job may have changed it). */
  refresh(record: LabRecord): LabRecord {
    return this.deps.store.get(record.courseId, record.userId) ?? record;
  }

  /** Keeps the stack's outputs: secret ones in the secret store, the rest in the record. */
  async storeOutputs(record: LabRecord, manifest: CourseManifest, stack: Stack): Promise<LabRecord> {
    const { plain, secret } = splitOutputs(manifest, stack.outputs);
    for (const [key, value] of Object.entries(secret)) await this.deps.secrets.set(labSecretKey(record.stackName, key), value);
    return this.save(record, { outputs: plain }, 'running');
  }

  markSuspended(record: LabRecord, stack: Stack): LabRecord {
    const lab = this.deps.courses.manifest(record.courseId).lab;
    const now = this.deps.clock.now();
    const deleteAge = lab?.timeouts.delete_age;
    return this.save(
      this.refresh(record),
      { state: stack.status, stackId: stack.ref.id, ready: false, suspendBy: null, deleteBy: deleteAge ? now + deleteAge * 1000 : null },
      'not-running',
    );
  }

  markGone(record: LabRecord, why?: 'deleted'): LabRecord {
    void this.forgetSecrets(record);
    return this.save(
      this.refresh(record),
      {
        state: 'DELETE_COMPLETE',
        stackId: null,
        creatingOn: null,
        ready: false,
        outputs: {},
        suspendBy: null,
        deleteBy: null,
        launchDeadline: null,
        error: why === 'deleted' ? null : 'The cloud no longer has this lab (deleted outside Lab Console).',
      },
      'not-running',
    );
  }

  /** Makes the record say what the stack says, after someone else acted on the lab. */
  follow(record: LabRecord, stack: Stack): LabRecord {
    if (stack.status === 'SUSPEND_COMPLETE') return this.markSuspended(record, stack);
    const group = labGroup(stack.status);
    if (group === 'up') {
      // Resumed elsewhere: running again, so the idle rule counts from now.
      const timeout = this.deps.courses.manifest(record.courseId).lab?.timeouts.suspend_timeout;
      const now = this.deps.clock.now();
      return this.save(
        record,
        {
          state: stack.status,
          stackId: stack.ref.id,
          creatingOn: null,
          ready: true,
          error: null,
          deleteBy: null,
          suspendBy: timeout ? now + timeout * 1000 : null,
          lastActivityAt: now,
        },
        'running',
      );
    }
    return this.save(
      record,
      {
        state: stack.status,
        stackId: stack.ref.id,
        ready: false,
        ...(group === 'failed' ? { error: stack.statusReason || `Heat reports ${stack.status}.` } : {}),
      },
      isRunningStackStatus(stack.status) ? 'running' : 'not-running',
    );
  }

  private async forgetSecrets(record: LabRecord): Promise<void> {
    for (const key of await this.deps.secrets.keys(`lab/${record.stackName}/`)) await this.deps.secrets.delete(key);
  }
}
