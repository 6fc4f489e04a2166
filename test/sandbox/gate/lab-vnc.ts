import { spawn, spawnSync } from 'node:child_process';
import { createCipheriv, createHash, X509Certificate } from 'node:crypto';
import { chownSync, closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { vncDesKey } from '../../../src/core/connect/vnc/vnc-password';
import { run } from '../command';
import { runningPid, stopDaemon, writePidFile } from '../daemon';
import { XSESSION } from '../lab-user';
import { firstWords } from '../probe';

/**
 * Each lab host runs its own VNC desktop: TigerVNC's Xvnc on the lab's own port (loopback only),
 * with a VNC password and a certificate of its own (VeNCrypt X509Vnc, and plain VncAuth for
 * viewers without TLS), running as the lab user, with the same clock and terminal as the RDP
 * desktop. What is typed there runs as the lab user, so a check over SSH sees it.
 */
export interface LabVncOptions {
  readonly dir: string;
  readonly port: number;
  readonly user: string;
  /** The VNC password (VNC uses its first 8 characters). */
  readonly password: string;
}

const files = (dir: string) => ({
  passwordFile: join(dir, 'vnc.passwd'),
  cert: join(dir, 'vnc-cert.pem'),
  key: join(dir, 'vnc-key.pem'),
  pid: join(dir, 'vnc.own.pid'),
  sessionPid: join(dir, 'vnc-session.own.pid'),
  log: join(dir, 'vnc.log'),
});

/** The lab's X.509 certificate for VeNCrypt, made once per lab host (a new stack shows a new one, as a new server would). */
export async function ensureVncCertificate(dir: string, commonName: string): Promise<void> {
  const f = files(dir);
  if (existsSync(f.cert) && existsSync(f.key)) return;
  await run('/usr/bin/openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    f.key,
    '-out',
    f.cert,
    '-days',
    '3650',
    '-subj',
    // X.509 caps a common name at 64 characters; stack names run longer.
    `/CN=${commonName.slice(0, 64)}`,
  ]);
}

/** A new certificate in place of the lab's: what a test of certificate pinning needs (a changed server). */
export async function replaceVncCertificate(dir: string, commonName: string): Promise<void> {
  const f = files(dir);
  rmSync(f.cert, { force: true });
  rmSync(f.key, { force: true });
  await ensureVncCertificate(dir, commonName);
}

/** SHA-256 of the certificate's DER, lowercase hex (what the app pins). */
export function vncCertSha256(dir: string): string {
  const f = files(dir);
  if (!existsSync(f.cert)) return '';
  return createHash('sha256')
    .update(new X509Certificate(readFileSync(f.cert)).raw)
    .digest('hex');
}

/** The obfuscated password file Xvnc reads (`vncpasswd -f`): DES of the password under VNC's fixed key. */
export function vncPasswordFile(password: string): Buffer {
  const key = vncDesKey(Buffer.from([23, 82, 107, 6, 35, 78, 88, 7]).toString('latin1'));
  const block = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(block, 0, 0, 8);
  const cipher = createCipheriv('des-ede3-ecb', Buffer.concat([key, key, key]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
}

function account(user: string): { uid: number; gid: number; home: string } {
  const out = spawnSync('getent', ['passwd', user], { encoding: 'utf8' });
  const fields = out.stdout.trim().split(':');
  if (out.status !== 0 || fields.length < 6) throw new Error(`No Unix user ${user} for the lab's VNC desktop.`);
  return { uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5]! };
}

/** Reads the RFB greeting: the port answers only when Xvnc itself does. */
export function rfbGreeting(port: number, timeoutMs = 1000): Promise<string | undefined> {
  return firstWords(port, timeoutMs);
}

export function vncRunning(dir: string): boolean {
  return runningPid(files(dir).pid) !== undefined;
}

/** Starts Xvnc and the desktop session in it, as the lab user; resolves once the port speaks RFB. */
export async function startVnc(options: LabVncOptions): Promise<void> {
  const f = files(options.dir);
  const who = account(options.user);
  writeFileSync(f.passwordFile, vncPasswordFile(options.password), { mode: 0o600 });
  for (const file of [f.passwordFile, f.cert, f.key]) chownSync(file, who.uid, who.gid);
  const log = openSync(f.log, 'a');
  const env = { PATH: '/usr/bin:/bin', HOME: who.home, USER: options.user, LOGNAME: options.user, SHELL: '/bin/bash' };
  let display: number;
  try {
    // -displayfd: Xvnc takes the first free display and writes its number on fd 3 once it accepts clients.
    const server = spawn(
      '/usr/bin/Xvnc',
      [
        '-displayfd',
        '3',
        '-rfbport',
        String(options.port),
        '-localhost',
        '-nolisten',
        'tcp',
        '-rfbauth',
        f.passwordFile,
        '-SecurityTypes',
        'X509Vnc,VncAuth',
        '-X509Cert',
        f.cert,
        '-X509Key',
        f.key,
        '-AlwaysShared',
        '-geometry',
        '1024x768',
        '-depth',
        '24',
        '-desktop',
        'lab desktop',
      ],
      { detached: true, uid: who.uid, gid: who.gid, cwd: who.home, env, stdio: ['ignore', log, log, 'pipe'] },
    );
    if (server.pid === undefined) throw new Error('Xvnc did not start');
    server.on('error', () => undefined);
    server.unref();
    writePidFile(f.pid, server.pid);
    display = await new Promise<number>((resolve, reject) => {
      let text = '';
      const pipe = server.stdio[3] as NodeJS.ReadableStream;
      const timer = setTimeout(() => reject(new Error('Xvnc gave no display number within 15 s')), 15_000);
      pipe.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (!text.includes('\n')) return;
        clearTimeout(timer);
        (pipe as unknown as { destroy(): void }).destroy();
        resolve(Number(text.trim()));
      });
      server.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Xvnc exited (${code})`));
      });
    });
    const session = spawn('/bin/sh', ['-c', XSESSION], {
      detached: true,
      uid: who.uid,
      gid: who.gid,
      cwd: who.home,
      env: { ...env, DISPLAY: `:${display}` },
      stdio: ['ignore', log, log],
    });
    if (session.pid !== undefined) writePidFile(f.sessionPid, session.pid);
    session.on('error', () => undefined);
    session.unref();
  } catch (error) {
    await stopVnc(options.dir);
    throw new Error(`The lab's VNC desktop on port ${options.port} did not come up: ${(error as Error).message}${logTail(f.log)}`);
  } finally {
    closeSync(log);
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if ((await rfbGreeting(options.port, 500))?.startsWith('RFB ')) return;
    await sleep(50);
  }
  await stopVnc(options.dir);
  throw new Error(`The lab's VNC desktop on port ${options.port} (display :${display}) does not answer.${logTail(f.log)}`);
}

function logTail(file: string): string {
  const tail = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
  return tail ? `\n${tail}` : '';
}

/** Stops the desktop session and Xvnc, as a powered-off host would drop its viewers. */
export async function stopVnc(dir: string): Promise<void> {
  const f = files(dir);
  for (const pidFile of [f.sessionPid, f.pid]) await stopDaemon(pidFile, 2000);
}
