import { describe, expect, it } from 'vitest';
import type { LabCloudEntry } from '../../shared/contract/settings';
import type { ResolvedCloud } from '../openstack/clouds-config/cloud-types';
import type { OpenStackConnection } from '../openstack/openstack-client';
import type { LabClouds } from './lab-clouds';
import { SettingsLabClouds } from './settings-lab-clouds';

/** Connections that only carry their cloud: what the capacity rule reads. */
function innerClouds(capacities: Record<string, number | undefined>, fallback: string[]): LabClouds & { closed: number } {
  return {
    closed: 0,
    providers: () => [...fallback],
    connection: async (name) =>
      ({ cloud: { name, labConsole: { capacity: capacities[name] } } as unknown as ResolvedCloud }) as OpenStackConnection,
    async close() {
      this.closed++;
    },
  };
}

describe('SettingsLabClouds', () => {
  it('tries the clouds of Settings in order, skipping those switched off', () => {
    let order: LabCloudEntry[] | undefined = [
      { name: 'b', capacity: 2 },
      { name: 'off', capacity: 0 },
      { name: 'a', capacity: -1 },
    ];
    const clouds = new SettingsLabClouds(innerClouds({}, ['default']), () => order);
    expect(clouds.providers()).toEqual(['b', 'a']);
    order = undefined;
    expect(clouds.providers()).toEqual(['default']);
  });

  it('gives each cloud the capacity of Settings, read at every connection', async () => {
    let order: LabCloudEntry[] = [{ name: 'a', capacity: 3 }];
    const clouds = new SettingsLabClouds(innerClouds({ a: 10, other: 7 }, []), () => order);
    expect((await clouds.connection('a')).cloud.labConsole.capacity).toBe(3);
    order = [{ name: 'a', capacity: 0 }];
    expect((await clouds.connection('a')).cloud.labConsole.capacity).toBe(0);
    // A cloud outside the order (a sticky lab's) keeps its own.
    expect((await clouds.connection('other')).cloud.labConsole.capacity).toBe(7);
  });
});
