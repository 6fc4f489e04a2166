import { X509Certificate } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { run } from './command';
import { startDaemon } from './daemon';
import type { SandboxPaths } from './paths';
import { portAnswers } from './free-port';

/**
 * The sandbox's xrdp (xorgxrdp backend, TLS with a self-signed certificate) behind every lab's
 * RDP port, with its own xrdp-sesman. Its configs live in .sandbox/xrdp; two things xrdp fixes at
 * build time remain: the socket folder /run/xrdp (made by Debian's socksetup) and the sesman port,
 * which xrdp reads from /etc/xrdp/sesman.ini. Where it can, xrdp runs in a private mount namespace
 * that shows it this sandbox's sesman.ini there, so each sandbox logs in through its own sesman.
 */
function files(paths: SandboxPaths) {
  return {
    xrdpIni: join(paths.xrdpDir, 'xrdp.ini'),
    sesmanIni: join(paths.xrdpDir, 'sesman.ini'),
    startwm: join(paths.xrdpDir, 'startwm.sh'),
    cert: join(paths.xrdpDir, 'cert.pem'),
    key: join(paths.xrdpDir, 'key.pem'),
    xrdpPid: paths.pidFiles.xrdp,
    sesmanPid: paths.pidFiles['xrdp-sesman'],
    xrdpLog: join(paths.logDir, 'xrdp.log'),
    sesmanLog: join(paths.logDir, 'xrdp-sesman.log'),
  };
}

/** True when this process may give a child a private mount namespace (root, util-linux unshare). */
export function canUsePrivateMounts(): boolean {
  return spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { stdio: 'ignore' }).status === 0;
}

/** sesman listens on an IPv6 socket (::ffff:127.0.0.1 or ::1): a test bind on 127.0.0.1 would not notice it, a connect does. */
export async function sesmanAnswers(port: number): Promise<boolean> {
  return (await portAnswers(port, '127.0.0.1')) || (await portAnswers(port, '::1'));
}

/** The port a system-wide xrdp looks for sesman on (it reads the system sesman.ini, not ours). */
export function sesmanPort(): number {
  const ini = existsSync('/etc/xrdp/sesman.ini') ? readFileSync('/etc/xrdp/sesman.ini', 'utf8') : '';
  const match = /^\s*ListenPort\s*=\s*(\d+)/m.exec(ini);
  return match ? Number(match[1]) : 3350;
}

const STARTWM = `#!/bin/sh
# Session start for the sandbox's xrdp: the user's ~/.xsession, or a clock and a terminal.
[ -r /etc/profile ] && . /etc/profile
[ -r "$HOME/.profile" ] && . "$HOME/.profile"
[ -x "$HOME/.xsession" ] && exec "$HOME/.xsession"
xclock -render -update 1 -geometry 160x160-16+16 &
exec xterm -geometry 96x30+16+16
`;

function xrdpGroupId(): number | undefined {
  const out = spawnSync('getent', ['group', 'xrdp'], { encoding: 'utf8' });
  return out.status === 0 ? Number(out.stdout.split(':')[2]) : undefined;
}

/** Writes configs and a certificate (once); returns the certificate's SHA-256 (DER, lowercase hex). */
export async function writeXrdpConfig(paths: SandboxPaths, port: number, sesmanListenPort: number): Promise<string> {
  const f = files(paths);
  mkdirSync(paths.xrdpDir, { recursive: true, mode: 0o755 });
  if (!existsSync(f.cert) || !existsSync(f.key)) {
    await run('/usr/bin/openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '3650',
      '-subj',
      '/CN=lab-console-sandbox',
      '-keyout',
      f.key,
      '-out',
      f.cert,
    ]);
  }
  const group = xrdpGroupId();
  if (group !== undefined) {
    chownSync(f.key, 0, group);
    chownSync(f.cert, 0, group);
  }
  chmodSync(f.key, 0o640);
  chmodSync(f.cert, 0o644);
  writeFileSync(f.startwm, STARTWM);
  chmodSync(f.startwm, 0o755);
  writeFileSync(
    f.xrdpIni,
    `[Globals]
ini_version=1
fork=true
port=tcp://127.0.0.1:${port}
use_vsock=false
tcp_nodelay=true
tcp_keepalive=true
; negotiate selects TLS for clients that offer it (node-rdpjs-2, xfreerdp)
security_layer=negotiate
crypt_level=high
certificate=${f.cert}
key_file=${f.key}
ssl_protocols=TLSv1.2, TLSv1.3
autorun=
allow_channels=true
allow_multimon=false
bitmap_cache=true
bitmap_compression=true
bulk_compression=true
max_bpp=32
new_cursors=true
use_fastpath=both

[Logging]
LogFile=${f.xrdpLog}
LogLevel=INFO
EnableSyslog=false

[Channels]
rdpdr=false
rdpsnd=false
drdynvc=true
cliprdr=true
rail=false
xrdpvr=false
tcutils=false

[Xorg]
name=Xorg
lib=libxup.so
username=ask
password=ask
ip=127.0.0.1
port=-1
code=20
`,
  );
  writeFileSync(
    f.sesmanIni,
    `[Globals]
ListenAddress=127.0.0.1
ListenPort=${sesmanListenPort}
EnableUserWindowManager=false
UserWindowManager=startwm.sh
DefaultWindowManager=${f.startwm}
ReconnectScript=/etc/xrdp/reconnectwm.sh

[Security]
AllowRootLogin=false
MaxLoginRetry=4
TerminalServerUsers=tsusers
TerminalServerAdmins=tsadmins
AlwaysGroupCheck=false
RestrictOutboundClipboard=none
RestrictInboundClipboard=none

[Sessions]
X11DisplayOffset=10
MaxSessions=50
KillDisconnected=false
DisconnectedTimeLimit=0
IdleTimeLimit=0
Policy=Default

[Logging]
LogFile=${f.sesmanLog}
LogLevel=INFO
EnableSyslog=false

[Xorg]
param=/usr/lib/xorg/Xorg
param=-config
param=xrdp/xorg.conf
param=-noreset
param=-nolisten
param=tcp
param=-logfile
param=.xorgxrdp.%s.log

[Chansrv]
FuseMountName=thinclient_drives
FileUmask=077

[SessionVariables]
`,
  );
  const cert = new X509Certificate(readFileSync(f.cert));
  return cert.fingerprint256.replaceAll(':', '').toLowerCase();
}

export async function startXrdp(paths: SandboxPaths, options: { ownSesman: boolean; privateSesman: boolean }): Promise<void> {
  const f = files(paths);
  await run('/bin/sh', ['/usr/share/xrdp/socksetup']);
  if (!options.ownSesman) writeFileSync(paths.sharedSesmanMarker, '');
  else
    startDaemon({
      name: 'xrdp-sesman',
      command: '/usr/sbin/xrdp-sesman',
      args: ['--nodaemon', '--config', f.sesmanIni],
      pidFile: f.sesmanPid,
      logFile: `${f.sesmanLog}.out`,
    });
  const xrdpArgs = ['--nodaemon', '--config', f.xrdpIni];
  if (options.privateSesman) {
    // unshare and sh both exec: the recorded pid is xrdp's own.
    startDaemon({
      name: 'xrdp',
      command: '/usr/bin/unshare',
      args: [
        '--mount',
        '--propagation',
        'private',
        '/bin/sh',
        '-c',
        'mount --bind "$0" /etc/xrdp/sesman.ini && exec /usr/sbin/xrdp "$@"',
        f.sesmanIni,
        ...xrdpArgs,
      ],
      pidFile: f.xrdpPid,
      logFile: `${f.xrdpLog}.out`,
    });
  } else {
    startDaemon({ name: 'xrdp', command: '/usr/sbin/xrdp', args: xrdpArgs, pidFile: f.xrdpPid, logFile: `${f.xrdpLog}.out` });
  }
}
