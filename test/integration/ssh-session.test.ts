/**
 * SshSession against a real OpenSSH sshd on loopback: key logins (plain and with a passphrase),
 * typed failures (wrong key, refused, silent server, dropped connection), the PTY (echo, resize),
 * exec with exit status and timeout, and a jump host.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer, connect, Socket as NetSocket, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  SshAuthFailedError,
  SshDisconnectedError,
  SshKeyError,
  SshRefusedError,
  SshSession,
  SshTimeoutError,
  TerminalChannel,
  type SshConnectOptions,
} from '../../src/core/connect/ssh';
import { findFreePort } from '../sandbox/free-port';
import { TestSshd, generateClientKey } from '../support/test-sshd';

let sshd: TestSshd;
const passphraseKey = generateClientKey('correct horse');

beforeAll(async () => {
  sshd = await TestSshd.start({ authorizedKeys: [passphraseKey.publicKey] });
});
afterAll(async () => {
  await sshd?.dispose();
});

function options(extra: Partial<SshConnectOptions> = {}): SshConnectOptions {
  return {
    host: '127.0.0.1',
    port: sshd.port,
    username: sshd.user,
    auth: { privateKey: sshd.clientKey.privateKey },
    hostKey: { kind: 'expected', fingerprint: sshd.hostFingerprint },
    readyTimeoutMs: 10_000,
    ...extra,
  };
}

/** Collects a terminal's output and acks it at once, like an xterm that keeps up. */
function screen(session: SshSession, cols = 80, rows = 24) {
  let text = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  return session.shell({ cols, rows }).then((stream) => {
    const channel = new TerminalChannel(stream, (data) => {
      text += data.toString('utf8');
      channel.ack(data.length);
      for (const w of [...waiters]) {
        const m = text.match(w.pattern);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
    const waitFor = (pattern: RegExp, ms = 5000) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const m = text.match(pattern);
        if (m) return resolve(m);
        waiters.push({ pattern, resolve });
        setTimeout(() => reject(new Error(`no ${pattern} on screen within ${ms} ms; screen: ${JSON.stringify(text.slice(-300))}`)), ms);
      });
    return { channel, waitFor, text: () => text };
  });
}

describe('SSH session', () => {
  it('logs in with an OpenSSH ed25519 key and returns stdout, stderr and the exit status of a command', async () => {
    const session = await SshSession.connect(options());
    try {
      const result = await session.exec('echo out; echo err >&2; exit 3');
      expect(result).toMatchObject({ stdout: 'out\n', stderr: 'err\n', code: 3, timedOut: false });
      expect((await session.exec('id -un')).stdout.trim()).toBe(sshd.user);
    } finally {
      session.close();
    }
  });

  it('logs in with a passphrase-protected key, and names a wrong passphrase as such', async () => {
    const session = await SshSession.connect(options({ auth: { privateKey: passphraseKey.privateKey, passphrase: 'correct horse' } }));
    expect((await session.exec('echo ok')).stdout).toBe('ok\n');
    session.close();
    await expect(SshSession.connect(options({ auth: { privateKey: passphraseKey.privateKey, passphrase: 'wrong' } }))).rejects.toThrow(
      SshKeyError,
    );
    await expect(SshSession.connect(options({ auth: { privateKey: passphraseKey.privateKey } }))).rejects.toThrow(
      /no passphrase was given/,
    );
  });

  it('reports a key the server does not know as a failed login naming the user and the method', async () => {
    const error = await SshSession.connect(options({ auth: { privateKey: generateClientKey().privateKey } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SshAuthFailedError);
    expect((error as SshAuthFailedError).message).toContain(`user "${sshd.user}" by publickey`);
    const byPassword = await SshSession.connect(options({ auth: { password: 'guess' } })).catch((e: unknown) => e);
    expect(byPassword).toBeInstanceOf(SshAuthFailedError);
    expect((byPassword as SshAuthFailedError).methods).toEqual(['password']);
  });

  it('reports a closed port as refused and a server that never speaks as a timeout', async () => {
    const closedPort = await findFreePort();
    await expect(SshSession.connect(options({ port: closedPort }))).rejects.toThrow(SshRefusedError);
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const started = Date.now();
      const error = await SshSession.connect(options({ port, readyTimeoutMs: 700 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SshTimeoutError);
      expect(Date.now() - started).toBeLessThan(5000);
      expect((error as Error).message).toMatch(/within 1 s/);
    } finally {
      silent.close();
    }
  });

  it('echoes typed input through the PTY and reports the shell exit status', async () => {
    const session = await SshSession.connect(options());
    const term = await screen(session);
    term.channel.write('echo hello-$((6*7))\r');
    await term.waitFor(/hello-42/);
    const closed = new Promise<number | undefined>((resolve) => term.channel.onClose(resolve));
    term.channel.write('exit 5\r');
    expect(await closed).toBe(5);
    session.close();
  });

  it('sends each keystroke at once: Nagle is off on its TCP connection, as OpenSSH turns it off for a terminal', async () => {
    // With Nagle on, a key typed while the previous one is still unacknowledged waits a round trip.
    const noDelay = vi.spyOn(NetSocket.prototype, 'setNoDelay');
    try {
      const session = await SshSession.connect(options());
      session.close();
      expect(noDelay.mock.calls.some(([enable]) => enable !== false)).toBe(true);
    } finally {
      noDelay.mockRestore();
    }
  });

  it('starts the PTY with the asked size and term, and resizes it', async () => {
    const session = await SshSession.connect(options());
    const term = await screen(session, 100, 30);
    term.channel.write('echo "size=$(stty size) term=$TERM"\r');
    await term.waitFor(/size=30 100 term=xterm-256color/);
    term.channel.resize(132, 43);
    term.channel.write('echo "now=$(stty size)"\r');
    await term.waitFor(/now=43 132/);
    session.close();
  });

  it('kills a command that outlives its timeout and says so', async () => {
    const marker = `/tmp/lc-ssh-timeout-${process.pid}`;
    rmSync(marker, { force: true });
    const session = await SshSession.connect(options());
    try {
      const result = await session.exec(`sleep 2; touch ${marker}`, { timeoutMs: 300 });
      expect(result).toMatchObject({ timedOut: true, code: null });
      await sleep(2500);
      // Killed, not merely abandoned: the rest of the command never ran.
      expect(existsSync(marker)).toBe(false);
    } finally {
      session.close();
      rmSync(marker, { force: true });
    }
  });

  it('reaches a host through a jump host', async () => {
    const jump = {
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.user,
      auth: { privateKey: sshd.clientKey.privateKey },
      hostKey: options().hostKey,
    };
    // The inner host is the same sshd seen from the jump host: a second login over the forwarded stream.
    const session = await SshSession.connect(options({ jump }));
    try {
      const result = await session.exec('echo "$SSH_CONNECTION"');
      const clientPort = /^127\.0\.0\.1 (\d+) /.exec(result.stdout)?.[1];
      expect(clientPort).toBeDefined();
      // The inner login's TCP connection belongs to the jump host's sshd, not to this process.
      const owner = spawnSync('ss', ['-tnpH', 'src', `127.0.0.1:${clientPort}`], { encoding: 'utf8' }).stdout;
      expect(owner).toMatch(/"sshd"/);
      expect(owner).not.toContain(`pid=${process.pid},`);
    } finally {
      session.close();
    }
  });

  it('tells the learner the connection was lost when the network drops', async () => {
    // A loopback relay in front of sshd that can cut every connection, as a dropped network would.
    const sockets = new Set<Socket>();
    const relay = createServer((client) => {
      const upstream = connect({ host: '127.0.0.1', port: sshd.port });
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const port = (relay.address() as { port: number }).port;
      const session = await SshSession.connect(options({ port }));
      const lost = new Promise<SshDisconnectedError | undefined>((resolve) => session.onClose(resolve));
      for (const socket of sockets) socket.destroy();
      const error = await lost;
      expect(error).toBeInstanceOf(SshDisconnectedError);
      expect(error!.message).toMatch(/reconnect/);
    } finally {
      relay.close();
    }
  });
});
