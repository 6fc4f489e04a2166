/**
 * A separate process writing to a Lab Console data folder through the real stores, as the app,
 * browser mode and the CLI do (conf's engine for the first two, config.json read directly for the
 * CLI). Prints JSON lines.
 *   data-folder-writer.ts burst HOME ID conf|json COUNT   waits for "go" on stdin, then writes
 *   data-folder-writer.ts add HOME NAME [default]         adds an app cloud (and makes it the default)
 *   data-folder-writer.ts remove HOME NAME                removes an app cloud
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { CloudSettings, storedClouds } from '../../src/core/openstack/clouds-config/cloud-settings';
import { FileKeyCipher } from '../../src/core/secrets/file-key-cipher';
import { SealedFileSecretStore } from '../../src/core/secrets/sealed-file-store';
import { confBackend } from '../../src/core/settings/conf-backend';
import { jsonSettingsBackend } from '../../src/core/settings/json-settings-backend';
import { SettingsStore } from '../../src/core/settings/settings-store';
import { ownedSetting, writerCloud } from './data-folder-writes';

const [command, home, ...rest] = process.argv.slice(2) as [string, string, ...string[]];
const print = (line: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

function stores(backend: string) {
  const settings = new SettingsStore(backend === 'json' ? jsonSettingsBackend(home) : confBackend(home));
  const secrets = new SealedFileSecretStore(join(home, 'secrets.json'), [new FileKeyCipher(join(home, 'secrets.key'))]);
  return { settings, secrets, clouds: new CloudSettings(settings, secrets) };
}

async function burst(id: string, backend: string, count: number): Promise<void> {
  const { settings, secrets, clouds } = stores(backend);
  print({ event: 'ready' });
  await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
  const removed: string[] = [];
  let danglingDefaults = 0;
  const checkDefault = (): void => {
    const now = settings.get();
    if (now.defaultCloud !== undefined && !storedClouds(now).some((c) => c.name === now.defaultCloud)) danglingDefaults++;
  };
  for (let k = 0; k < count; k++) {
    await secrets.set(`test/${id}/${k}`, `value ${id} ${k}`);
    if (k % 2 === 0) {
      const name = `${id}-cloud-${k}`;
      await clouds.add([{ cloud: writerCloud(name), secret: `secret of ${name}` }]);
      checkDefault();
      if (k % 10 === 0) {
        clouds.setDefault(name);
        checkDefault();
      }
      if (k % 10 === 6) {
        const victim = `${id}-cloud-${k - 6}`;
        await clouds.remove(victim);
        removed.push(victim);
        checkDefault();
      }
    }
    settings.update(ownedSetting(id, k));
    checkDefault();
  }
  print({ event: 'done', removed, danglingDefaults });
}

try {
  if (command === 'burst') await burst(rest[0]!, rest[1]!, Number(rest[2]));
  else if (command === 'add') {
    const { clouds } = stores('conf');
    const name = rest[0]!;
    await clouds.add([{ cloud: writerCloud(name), secret: `secret of ${name}` }]);
    if (rest[1] === 'default') clouds.setDefault(name);
    print({ event: 'done' });
  } else if (command === 'remove') {
    await stores('conf').clouds.remove(rest[0]!);
    print({ event: 'done' });
  } else throw new Error(`unknown command ${command}`);
} catch (error) {
  print({ event: 'failed', error: (error as Error).stack ?? String(error) });
  process.exitCode = 1;
}
