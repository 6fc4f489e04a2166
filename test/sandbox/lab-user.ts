import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { run } from './command';

/**
 * The one Unix account behind every lab host of a sandbox: SSH (per-stack key, or password) and
 * RDP (password) both log in as it, so what a learner does on the desktop shows over SSH.
 * Creating it is the sandbox's only write under /etc (passwd/shadow). Its name carries a hash of
 * the sandbox folder, so two checkouts on one machine never reset each other's password.
 */
export function labUserName(sandboxRoot: string): string {
  return `lab-${createHash('sha256').update(sandboxRoot).digest('hex').slice(0, 6)}`;
}

/** A clock and a terminal, antialiased and in colour so a screenshot test can tell a desktop was drawn. */
export const XSESSION = `#!/bin/sh
# The lab desktop (written by the Lab Console sandbox): a clock and a terminal, no window manager.
xclock -render -update 1 -geometry 160x160-16+16 -bg '#f4efe3' -fg '#2d3a4a' -hd '#1f5f8b' -hl '#c0392b' &
exec xterm -geometry 96x30+16+16 -fa 'DejaVu Sans Mono' -fs 11 -bg '#1d2330' -fg '#d8dee9' -cr '#f0c674' -title 'lab terminal'
`;

interface Account {
  uid: number;
  gid: number;
  home: string;
}

function account(name: string): Account | undefined {
  const out = spawnSync('getent', ['passwd', name], { encoding: 'utf8' });
  if (out.status !== 0) return undefined;
  const fields = out.stdout.trim().split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5] ?? '' };
}

/** Creates the lab user when missing and sets its password; returns its home folder. */
export async function ensureLabUser(user: string, password: string): Promise<string> {
  let found = account(user);
  if (!found) {
    await run('/usr/sbin/useradd', ['--create-home', '--shell', '/bin/bash', '--comment', 'Lab Console sandbox lab host', user]);
    found = account(user);
    if (!found) throw new Error(`useradd ${user} succeeded but getent does not know the user`);
  }
  // The password is the `password` stack output (RDP); sshd without PAM also needs an unlocked account.
  await run('/usr/sbin/chpasswd', [], { input: `${user}:${password}\n` });
  const xsession = join(found.home, '.xsession');
  if (!existsSync(xsession) || readFileSync(xsession, 'utf8') !== XSESSION) {
    writeFileSync(xsession, XSESSION);
    chmodSync(xsession, 0o755);
    chownSync(xsession, found.uid, found.gid);
  }
  return found.home;
}
