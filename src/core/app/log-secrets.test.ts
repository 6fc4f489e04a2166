import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/support/temp-home';
import { FileKeyCipher } from '../secrets/file-key-cipher';
import { SealedFileSecretStore } from '../secrets/sealed-file-store';
import { createAppContext, type AppContext } from './app-context';
import { homeLayout } from '../store/home';

/** A value the app keeps as a secret, logged where no key name gives it away. */
function leakyFields(secret: string): Record<string, unknown> {
  let deep: Record<string, unknown> = { note: `pw is ${secret}` };
  for (let i = 0; i < 20; i++) deep = { level: deep };
  const cycle: Record<string, unknown> = { note: secret };
  cycle.self = cycle;
  return {
    deep,
    error: new Error(`login as ann with ${secret} failed`),
    wrapped: new Error('outer', { cause: new Error(`inner ${secret}`) }),
    list: ['first', [`second ${secret}`]],
    [`key-${secret}`]: 1,
    map: new Map([['k', secret]]),
    cycle,
  };
}

let home: ReturnType<typeof tempHome>;
const contexts: AppContext[] = [];
const open = (): AppContext => {
  const context = createAppContext({ home: join(home.path, 'data'), mode: 'cli', logName: 'cli' });
  contexts.push(context);
  return context;
};

afterEach(() => {
  for (const context of contexts.splice(0)) context.close();
  home?.remove();
});

describe('the app’s logs and diagnostics hold no secret it keeps', () => {
  it('masks a password the app stored, by its value, under any key, at any depth, in errors, arrays and cycles', async () => {
    home = tempHome();
    const app = open();
    await app.secrets.set('cloud/mycloud/password', 'hunter2-XYZ');
    app.logger.info('signing in with hunter2-XYZ', leakyFields('hunter2-XYZ'));
    app.logger.child('keystone').warn('retrying', { request: { body: JSON.stringify({ password: 'hunter2-XYZ' }) } });
    const log = readFileSync(join(app.home.logs, 'cli.log'), 'utf8');
    expect(log).not.toContain('hunter2-XYZ');
    expect(log).toContain('login as ann with');
    expect(log.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('masks a secret this process only read from the store', async () => {
    home = tempHome();
    const layout = homeLayout(join(home.path, 'data'));
    mkdirSync(layout.root, { recursive: true });
    // Stored by another process (the CLI, the desktop app) sharing the data folder.
    await new SealedFileSecretStore(layout.secrets, [new FileKeyCipher(layout.secretsKey)]).set('lab/k', 'read-back-S3cr3t');
    const app = open();
    expect(await app.secrets.get('lab/k')).toBe('read-back-S3cr3t');
    app.logger.error('ssh failed', { outputs: [{ output_key: 'key', output_value: 'read-back-S3cr3t' }] });
    expect(readFileSync(join(app.home.logs, 'cli.log'), 'utf8')).not.toContain('read-back-S3cr3t');
  });

  it('Copy diagnostics masks every stored secret, even in log lines written before this process knew it', async () => {
    home = tempHome();
    const layout = homeLayout(join(home.path, 'data'));
    mkdirSync(layout.logs, { recursive: true });
    await new SealedFileSecretStore(layout.secrets, [new FileKeyCipher(layout.secretsKey)]).set('cloud/old/password', 'older-Pa55word');
    // A line an older version wrote, the secret under an innocent key.
    appendFileSync(join(layout.logs, 'cli.log'), `2026-01-01T00:00:00.000Z INFO  [cli] auth {"note":"used older-Pa55word"}\n`);
    const app = open();
    const { text } = (await app.handlers()['diagnostics.collect']({})) as { text: string };
    expect(text).toContain('recent log lines:');
    expect(text).toContain('auth {"note":"used');
    expect(text).not.toContain('older-Pa55word');
  });
});
