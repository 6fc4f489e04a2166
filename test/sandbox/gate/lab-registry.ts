import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

/**
 * One folder per lab host under `.sandbox/labs/<id>/` (id = the Heat resource's uuid):
 * `lab.json` holds what Heat asked for and the ports given out; the sshd's and the VNC desktop's files sit beside it.
 * A `deleted` file is a tombstone the Heat plugin leaves when the gate was down during a delete.
 */
export const labStateSchema = z.enum(['up', 'down']);

export const labRequestSchema = z.object({
  state: labStateSchema,
  stackId: z.string(),
  stackName: z.string(),
  projectId: z.string(),
  resource: z.string(),
  run: z.string().default(''),
  authorizedKey: z.string().default(''),
});

export const labRecordSchema = labRequestSchema.extend({
  id: z.string(),
  /** Whether the lab's sshd offers the SFTP subsystem (a minimal image may not): tests switch it off. */
  sftp: z.boolean().default(true),
  sshPort: z.number().int(),
  rdpPort: z.number().int(),
  /** Labs recorded before VNC came get theirs when they are next brought up. */
  vncPort: z.number().int().optional(),
  vncPassword: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type LabRequest = z.infer<typeof labRequestSchema>;
export type LabRecord = z.infer<typeof labRecordSchema>;

/** Ids come from Heat (uuids); anything else must not become a path. */
export const LAB_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

export class LabRegistry {
  constructor(readonly labsDir: string) {
    mkdirSync(labsDir, { recursive: true });
  }

  dir(id: string): string {
    if (!LAB_ID_PATTERN.test(id)) throw new Error(`Invalid lab id: ${id}`);
    return join(this.labsDir, id);
  }

  read(id: string): LabRecord | undefined {
    const file = join(this.dir(id), 'lab.json');
    if (!existsSync(file)) return undefined;
    const parsed = labRecordSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  }

  write(record: LabRecord): void {
    const dir = this.dir(record.id);
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, 'lab.json.tmp');
    writeFileSync(tmp, JSON.stringify(record, null, 2));
    renameSync(tmp, join(dir, 'lab.json'));
  }

  remove(id: string): void {
    rmSync(this.dir(id), { recursive: true, force: true });
  }

  isTombstoned(id: string): boolean {
    return existsSync(join(this.dir(id), 'deleted'));
  }

  ids(): string[] {
    return readdirSync(this.labsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && LAB_ID_PATTERN.test(entry.name))
      .map((entry) => entry.name);
  }

  all(): LabRecord[] {
    return this.ids()
      .map((id) => this.read(id))
      .filter((record): record is LabRecord => record !== undefined);
  }
}
