import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { canListen } from '../free-port';
import type { LabRecord, LabRegistry, LabRequest } from './lab-registry';
import { ensureHostKey, hostKeyFingerprint, replaceHostKey, sshdRunning, startSshd, stopSshd } from './lab-sshd';
import { ensureVncCertificate, replaceVncCertificate, startVnc, stopVnc, vncCertSha256, vncRunning } from './lab-vnc';
import { TcpForward } from './tcp-forward';

/** What every lab host shares: the Unix user and the xrdp behind each lab's RDP port (each has its own sshd and VNC desktop). */
export const labHostInfoSchema = z.object({
  user: z.string(),
  password: z.string(),
  xrdpPort: z.number().int(),
  rdpCertSha256: z.string(),
  /** Ports of the sandbox's own services, never handed to a lab. */
  reservedPorts: z.array(z.number().int()),
});
export type LabHostInfo = z.infer<typeof labHostInfoSchema>;

export interface LabView extends LabRecord {
  host: string;
  user: string;
  password: string;
  hostKeyFingerprint: string;
  rdpCertSha256: string;
  /** SHA-256 of the lab's own VNC certificate (VeNCrypt X509Vnc), hex. */
  vncCertSha256: string;
  /** Whether the lab's ports answer right now. */
  answering: boolean;
}

const PORT_LOW = 20000;
const PORT_HIGH = 31999;
/** Queue key for port allocation (never a lab id: those are uuids). */
const PORT_ALLOCATION = 'port-allocation';

/** VNC uses only the first 8 characters of a password: a lab's is exactly 8, random. */
const vncPassword = (): string => randomBytes(6).toString('base64url');

/**
 * Keeps each lab host's ports in step with what Heat last asked for (up or down).
 * Operations on one lab run one at a time; different labs proceed in parallel.
 */
export class LabGate {
  private readonly forwards = new Map<string, TcpForward>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly registry: LabRegistry,
    private readonly info: LabHostInfo,
    private readonly log: (line: string) => void,
  ) {}

  private serial<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(id) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.queues.set(
      id,
      next.catch(() => undefined),
    );
    return next;
  }

  view(record: LabRecord): LabView {
    const dir = this.registry.dir(record.id);
    return {
      ...record,
      host: '127.0.0.1',
      user: this.info.user,
      password: this.info.password,
      hostKeyFingerprint: hostKeyFingerprint(dir),
      rdpCertSha256: this.info.rdpCertSha256,
      vncCertSha256: vncCertSha256(dir),
      answering: sshdRunning(dir) && (this.forwards.get(record.id)?.listening ?? false) && vncRunning(dir),
    };
  }

  list(): LabView[] {
    return this.registry.all().map((record) => this.view(record));
  }

  get(id: string): LabView | undefined {
    const record = this.registry.read(id);
    return record ? this.view(record) : undefined;
  }

  private async allocatePorts(count: number): Promise<number[]> {
    const taken = new Set<number>(this.info.reservedPorts);
    for (const lab of this.registry.all()) {
      taken.add(lab.sshPort).add(lab.rdpPort);
      if (lab.vncPort) taken.add(lab.vncPort);
    }
    const found: number[] = [];
    const span = PORT_HIGH - PORT_LOW + 1;
    const start = Math.floor(Math.random() * span);
    for (let i = 0; i < span && found.length < count; i += 1) {
      const port = PORT_LOW + ((start + i) % span);
      if (!taken.has(port) && (await canListen(port))) found.push(port);
    }
    if (found.length < count) throw new Error('No free loopback ports left for a lab host.');
    return found;
  }

  /** A lab recorded before VNC came gets its VNC port and password now. */
  private withVnc(record: LabRecord): Promise<LabRecord> {
    if (record.vncPort && record.vncPassword) return Promise.resolve(record);
    return this.serial(PORT_ALLOCATION, async () => {
      const [vncPort] = await this.allocatePorts(1);
      const updated = { ...record, vncPort: vncPort!, vncPassword: vncPassword() };
      this.registry.write(updated);
      return updated;
    });
  }

  apply(id: string, request: LabRequest): Promise<LabView> {
    return this.serial(id, async () => {
      const now = new Date().toISOString();
      const existing = this.registry.read(id);
      let record: LabRecord;
      if (!existing) {
        // one allocation at a time across labs, or two new labs could pick the same free port
        record = await this.serial(PORT_ALLOCATION, async () => {
          const [sshPort, rdpPort, vncPort] = (await this.allocatePorts(3)) as [number, number, number];
          const created = {
            ...request,
            id,
            sshPort,
            rdpPort,
            vncPort,
            vncPassword: vncPassword(),
            sftp: true,
            createdAt: now,
            updatedAt: now,
          };
          this.registry.write(created);
          return created;
        });
      } else {
        record = { ...existing, ...request, authorizedKey: request.authorizedKey || existing.authorizedKey, updatedAt: now };
        this.registry.write(record);
      }
      if (record.state === 'up') record = await this.bringUp(record);
      else await this.bringDown(record.id);
      this.log(`lab ${id} (stack ${record.stackName}, project ${record.projectId}) is ${record.state}`);
      return this.view(record);
    });
  }

  private async bringUp(given: LabRecord): Promise<LabRecord> {
    const record = await this.withVnc(given);
    const dir = this.registry.dir(record.id);
    await ensureHostKey(dir, `lab-${record.stackName}`);
    await ensureVncCertificate(dir, `lab-${record.stackName}`);
    if (!sshdRunning(dir)) {
      await startSshd({ dir, port: record.sshPort, user: this.info.user, authorizedKey: record.authorizedKey, sftp: record.sftp });
    }
    let forward = this.forwards.get(record.id);
    if (!forward) {
      forward = new TcpForward(record.rdpPort, this.info.xrdpPort);
      this.forwards.set(record.id, forward);
    }
    await forward.open();
    if (!vncRunning(dir)) await startVnc({ dir, port: record.vncPort!, user: this.info.user, password: record.vncPassword! });
    return record;
  }

  private async bringDown(id: string): Promise<void> {
    await this.forwards.get(id)?.close();
    this.forwards.delete(id);
    await stopSshd(this.registry.dir(id));
    await stopVnc(this.registry.dir(id));
  }

  remove(id: string): Promise<boolean> {
    return this.serial(id, async () => {
      const existed = this.registry.read(id) !== undefined;
      await this.bringDown(id);
      this.registry.remove(id);
      if (existed) this.log(`lab ${id} deleted`);
      return existed;
    });
  }

  /** A new host key on a running lab: what a test of host-key pinning needs (a changed server). */
  rotateHostKey(id: string): Promise<LabView | undefined> {
    return this.serial(id, async () => {
      const record = this.registry.read(id);
      if (!record) return undefined;
      const dir = this.registry.dir(id);
      await replaceHostKey(dir, `lab-${record.stackName}-rotated`);
      if (record.state === 'up') {
        await stopSshd(dir);
        await startSshd({ dir, port: record.sshPort, user: this.info.user, authorizedKey: record.authorizedKey, sftp: record.sftp });
      }
      this.log(`lab ${id} has a new host key`);
      return this.view(record);
    });
  }

  /** A new VNC certificate on a running lab, Xvnc restarted with it (its viewers are dropped): a changed server for pinning tests. */
  rotateVncCertificate(id: string): Promise<LabView | undefined> {
    return this.serial(id, async () => {
      const record = this.registry.read(id);
      if (!record) return undefined;
      const dir = this.registry.dir(id);
      await replaceVncCertificate(dir, `lab-${record.stackName}-rotated`);
      if (record.state === 'up' && record.vncPort && record.vncPassword) {
        await stopVnc(dir);
        await startVnc({ dir, port: record.vncPort, user: this.info.user, password: record.vncPassword });
      }
      this.log(`lab ${id} has a new VNC certificate`);
      return this.view(record);
    });
  }

  /** Offers or withdraws the SFTP subsystem of a lab's sshd (restarting it if up, same key and port): a minimal image has none. */
  setSftp(id: string, enabled: boolean): Promise<LabView | undefined> {
    return this.serial(id, async () => {
      const existing = this.registry.read(id);
      if (!existing) return undefined;
      const record = { ...existing, sftp: enabled, updatedAt: new Date().toISOString() };
      this.registry.write(record);
      if (record.state === 'up') {
        const dir = this.registry.dir(id);
        await stopSshd(dir);
        await startSshd({ dir, port: record.sshPort, user: this.info.user, authorizedKey: record.authorizedKey, sftp: enabled });
      }
      this.log(`lab ${id} ${enabled ? 'offers' : 'has no'} SFTP`);
      return this.view(record);
    });
  }

  /** At start-up: honour tombstones, bring up every lab Heat left up. */
  async restore(): Promise<void> {
    for (const id of this.registry.ids()) {
      if (this.registry.isTombstoned(id) || !this.registry.read(id)) {
        await this.remove(id);
        continue;
      }
      const record = this.registry.read(id) as LabRecord;
      try {
        await this.serial(id, async () => {
          await stopSshd(this.registry.dir(id));
          await stopVnc(this.registry.dir(id));
          if (record.state === 'up') await this.bringUp(record);
        });
      } catch (error) {
        this.log(`lab ${id} could not be restored: ${(error as Error).message}`);
      }
    }
  }

  /** Gate shutdown: every lab stops answering (the registry keeps what Heat wants). */
  async shutdown(): Promise<void> {
    await Promise.all(this.registry.ids().map((id) => this.serial(id, () => this.bringDown(id))));
  }
}
