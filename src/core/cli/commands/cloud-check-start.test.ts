import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testHome } from '../../../../test/support/temp-home';
import { dataFolderServices } from '../cli-services';
import { resolveCheckedCloud } from './cloud-check-start';

describe("cloud check's cloud", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  it("is resolved with one read of the data folder's settings (its stored clouds and default cloud alike)", async () => {
    const home = testHome('lc-check-start-');
    cleanup.push(home.remove);
    const cloudsYaml = join(home.path, 'clouds.yaml');
    writeFileSync(
      cloudsYaml,
      `clouds:\n  c:\n    auth: { auth_url: 'http://127.0.0.1:9/v3', username: u, password: p, project_name: p }\n`,
    );
    const env = { OS_CLIENT_CONFIG_FILE: cloudsYaml, OS_CLIENT_SECURE_FILE: join(home.path, 'none.yaml') };
    const services = dataFolderServices(home.path, undefined);
    const read = vi.spyOn(services.settings, 'get');
    const cloud = await resolveCheckedCloud(env, services, { homeDir: home.path, cloudName: 'c', regionName: undefined, verbose: false });
    expect(cloud.name).toBe('c');
    expect(read).toHaveBeenCalledTimes(1);
  });
});
