import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testFolder } from '../../../test/support/temp-home';
import { SecretUnavailableError } from '../store/secret-store';
import { FileKeyCipher } from './file-key-cipher';
import type { SecretCipher } from './secret-cipher';
import { SealedFileSecretStore } from './sealed-file-store';

function tempHome(): string {
  return testFolder('lc-secrets-');
}

describe('SealedFileSecretStore', () => {
  it('round-trips a secret and never writes it in clear', async () => {
    const home = tempHome();
    const store = new SealedFileSecretStore(join(home, 'secrets.json'), [new FileKeyCipher(join(home, 'secrets.key'))]);
    await store.set('cloud/school/password', 'hunter2-very-secret');
    expect(await store.get('cloud/school/password')).toBe('hunter2-very-secret');
    expect(readFileSync(join(home, 'secrets.json'), 'utf8')).not.toContain('hunter2');
    expect(statSync(join(home, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'secrets.key')).mode & 0o777).toBe(0o600);
    expect(await store.keys('cloud/')).toEqual(['cloud/school/password']);
    await store.delete('cloud/school/password');
    expect(await store.get('cloud/school/password')).toBeUndefined();
  });

  it('a second process with the same key file reads what the first wrote', async () => {
    const home = tempHome();
    const path = join(home, 'secrets.json');
    await new SealedFileSecretStore(path, [new FileKeyCipher(join(home, 'secrets.key'))]).set('k', 'v');
    expect(await new SealedFileSecretStore(path, [new FileKeyCipher(join(home, 'secrets.key'))]).get('k')).toBe('v');
  });

  it('names the secret and the scheme when this process cannot open it', async () => {
    const home = tempHome();
    const path = join(home, 'secrets.json');
    const keyring: SecretCipher = { scheme: 'electron-safeStorage', encrypt: (s) => `X${s}`, decrypt: (s) => s.slice(1) };
    await new SealedFileSecretStore(path, [keyring]).set('cloud/school/password', 'pw');
    const cli = new SealedFileSecretStore(path, [new FileKeyCipher(join(home, 'secrets.key'))]);
    await expect(cli.get('cloud/school/password')).rejects.toThrow(SecretUnavailableError);
    await expect(cli.get('cloud/school/password')).rejects.toThrow(/cloud\/school\/password.*electron-safeStorage/);
  });

  it('reports a tampered value instead of returning garbage', async () => {
    const home = tempHome();
    const cipher = new FileKeyCipher(join(home, 'secrets.key'));
    const sealed = cipher.encrypt('value');
    const flipped = Buffer.from(sealed, 'base64');
    const last = flipped.length - 1;
    flipped.writeUInt8(flipped.readUInt8(last) ^ 0xff, last);
    expect(() => cipher.decrypt(flipped.toString('base64'))).toThrow();
  });
});
