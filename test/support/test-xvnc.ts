import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from '../sandbox/free-port';
import { ensureVncCertificate, rfbGreeting, vncCertSha256, vncPasswordFile } from '../sandbox/gate/lab-vnc';

/**
 * A throw-away TigerVNC Xvnc on a free loopback port, with a VNC password, its own certificate,
 * the security types a test asks for, and an xterm (in a folder of its own) to type into — for
 * tests that need a VNC server without a lab.
 */
export interface TestXvnc {
  readonly port: number;
  readonly password: string;
  readonly certSha256: string;
  readonly display: number;
  /** The xterm's working folder: what is typed there lands here. */
  readonly dir: string;
  stop(): Promise<void>;
}

export const XVNC = '/usr/bin/Xvnc';
export const xvncMissing = (): string | undefined => (existsSync(XVNC) ? undefined : 'Xvnc (tigervnc-standalone-server) is not installed');

export async function startTestXvnc(options: { securityTypes?: string; password?: string; geometry?: string } = {}): Promise<TestXvnc> {
  const dir = mkdtempSync(join(tmpdir(), 'lc-xvnc-'));
  const password = options.password ?? 'Vnc-Test';
  writeFileSync(join(dir, 'passwd'), vncPasswordFile(password), { mode: 0o600 });
  await ensureVncCertificate(dir, 'lab-console-test-xvnc');
  const port = await findFreePort();
  const children: ChildProcess[] = [];
  const server = spawn(
    XVNC,
    [
      '-displayfd',
      '3',
      '-rfbport',
      String(port),
      '-localhost',
      '-nolisten',
      'tcp',
      '-rfbauth',
      join(dir, 'passwd'),
      '-SecurityTypes',
      options.securityTypes ?? 'X509Vnc,VncAuth',
      '-X509Cert',
      join(dir, 'vnc-cert.pem'),
      '-X509Key',
      join(dir, 'vnc-key.pem'),
      '-AlwaysShared',
      '-geometry',
      options.geometry ?? '1024x768',
      '-depth',
      '24',
    ],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] },
  );
  children.push(server);
  const stop = async (): Promise<void> => {
    for (const child of children.reverse()) child.kill('SIGKILL');
    await sleep(100);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const display = await new Promise<number>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error('Xvnc gave no display number in 15 s')), 15_000);
      server.stdio[3]!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (!text.includes('\n')) return;
        clearTimeout(timer);
        resolve(Number(text.trim()));
      });
      server.once('exit', (code) => reject(new Error(`Xvnc exited (${code})`)));
    });
    children.push(
      spawn('/usr/bin/xterm', ['-geometry', '80x24+10+10', '-bg', '#1d2330', '-fg', '#d8dee9', '-e', '/bin/sh'], {
        cwd: dir,
        env: { PATH: '/usr/bin:/bin', HOME: dir, DISPLAY: `:${display}` },
        stdio: 'ignore',
      }),
    );
    const deadline = Date.now() + 10_000;
    while (!(await rfbGreeting(port, 500))?.startsWith('RFB ')) {
      if (Date.now() > deadline) throw new Error(`Xvnc :${display} does not answer on port ${port}`);
      await sleep(50);
    }
    return { port, password, certSha256: vncCertSha256(dir), display, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
