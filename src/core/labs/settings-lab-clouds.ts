import type { LabCloudEntry } from '../../shared/contract/settings';
import type { CloudHealth } from '../../shared/openstack/cloud-health';
import type { OpenStackConnection } from '../openstack/openstack-client';
import type { LabClouds } from './lab-clouds';

/**
 * The provider fallback order picked in Settings over another LabClouds: new labs try the listed
 * clouds in order, skipping those switched off (capacity 0), and each cloud's capacity from
 * Settings replaces its own (clouds.yaml `lab_console.capacity`). Read at every call, so a change in
 * Settings applies to the next launch. Without a Settings order, the inner clouds decide.
 */
export class SettingsLabClouds implements LabClouds {
  constructor(
    private readonly inner: LabClouds,
    /** The Settings order, or undefined when it does not apply (none picked, or LAB_CONSOLE_LAB_CLOUDS set). */
    private readonly order: () => readonly LabCloudEntry[] | undefined,
  ) {}

  providers(): string[] {
    const order = this.order();
    if (!order) return this.inner.providers();
    return order.filter((e) => e.capacity !== 0).map((e) => e.name);
  }

  async connection(name: string): Promise<OpenStackConnection> {
    const conn = await this.inner.connection(name);
    const entry = this.order()?.find((e) => e.name === name);
    if (!entry) return conn;
    // Same connection (token, pool), seen with the capacity of Settings.
    return { ...conn, cloud: { ...conn.cloud, labConsole: { ...conn.cloud.labConsole, capacity: entry.capacity } } };
  }

  health(name: string): CloudHealth | undefined {
    return this.inner.health?.(name);
  }

  onHealthChange(listener: (health: CloudHealth) => void): () => void {
    return this.inner.onHealthChange?.(listener) ?? (() => undefined);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
