import { connect } from 'node:net';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeepLink } from '../../shared/deep-link/deep-link';
import { EventBus } from '../api/event-bus';
import { silentLogger } from '../log/logger';
import {
  ControlSocketInUseError,
  controlSocketPath,
  NoRunningAppError,
  sendToControlSocket,
  startControlSocket,
  type ControlSocket,
} from './control-socket';
import { routeDeepLink } from './deep-link-router';

let home: string;
let socket: ControlSocket | undefined;
const opened: DeepLink[] = [];

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lc-ctl-'));
  opened.length = 0;
});
afterEach(async () => {
  await socket?.close();
  socket = undefined;
  rmSync(home, { recursive: true, force: true });
});

const start = async () => {
  const events = new EventBus();
  events.subscribe((name, payload) => name === 'app.deepLink' && opened.push(payload as DeepLink));
  socket = await startControlSocket({ home, logger: silentLogger, open: (link) => routeDeepLink(link, { events }) });
  return socket;
};

function rawRequest(path: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = connect(path);
    let answer = '';
    client.on('connect', () => client.write(text));
    client.on('data', (chunk) => (answer += chunk.toString()));
    client.on('end', () => resolve(answer));
    client.on('error', reject);
  });
}

describe('the control socket', () => {
  it('is a Unix socket in the data folder that only its owner may use', async () => {
    const { path } = await start();
    expect(path).toBe(join(home, 'control.sock'));
    const stat = statSync(path);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('hands a valid link to the app and answers what it did', async () => {
    await start();
    expect(await sendToControlSocket(home, 'labconsole://open?course=linux-intro&step=two')).toEqual({
      ok: true,
      message: 'Lab Console opens course linux-intro at step two.',
    });
    expect(opened).toEqual([{ action: 'open', courseId: 'linux-intro', stepId: 'two' }]);
  });

  it('checks every link again: a hostile one is refused with its reason and reaches nobody', async () => {
    const { path } = await start();
    expect(await sendToControlSocket(home, 'javascript:alert(1)')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/must start with labconsole:\/\//),
    });
    expect(await sendToControlSocket(home, `labconsole://enrol?url=${encodeURIComponent('http://lms.example/a.json')}`)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/must come over https/),
    });
    expect(JSON.parse(await rawRequest(path, '{"open": 42, "run": "rm -rf"}\n'))).toEqual({
      ok: false,
      error: 'The request is not {"open": "labconsole://…"}.',
    });
    expect(JSON.parse(await rawRequest(path, 'not json\n'))).toMatchObject({ ok: false });
    expect(JSON.parse(await rawRequest(path, 'x'.repeat(100_000)))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/longer than/),
    });
    expect(opened).toEqual([]);
  });

  it('says plainly when no app runs on the data folder, and replaces a socket left by a killed app', async () => {
    await expect(sendToControlSocket(home, 'labconsole://open?course=ab')).rejects.toBeInstanceOf(NoRunningAppError);
    writeFileSync(controlSocketPath(home), '');
    await start();
    expect((await sendToControlSocket(home, 'labconsole://open?course=ab')).ok).toBe(true);
  });

  it('refuses to take over the socket of an app that still answers', async () => {
    await start();
    await expect(startControlSocket({ home, logger: silentLogger, open: () => 'x' })).rejects.toBeInstanceOf(ControlSocketInUseError);
  });
});
