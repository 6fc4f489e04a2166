/**
 * Our SSH client as its own process for the echo bench (built to dist/bench): stdin goes to a PTY
 * shell running `cat`, its output to stdout — the same two pipe hops as `ssh -tt` has, so a
 * keystroke's round trip compares clients, not process boundaries. argv[2]: JSON
 * {port, user, privateKey, fingerprint}. Prints "ready\n" on stderr once `cat` runs, and then
 * "gc <start> <ms>" for each GC pause (start in ms since the epoch), which the bench sets beside
 * its slowest keys.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { SshSession } from '../../src/core/connect/ssh/ssh-session';
import { TerminalChannel } from '../../src/core/connect/ssh/terminal-channel';

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    process.stderr.write(`gc ${(performance.timeOrigin + entry.startTime).toFixed(3)} ${entry.duration.toFixed(3)}\n`);
  }
}).observe({ entryTypes: ['gc'] });

const login = JSON.parse(process.argv[2] ?? '{}') as { port: number; user: string; privateKey: string; fingerprint: string };
const session = await SshSession.connect({
  host: '127.0.0.1',
  port: login.port,
  username: login.user,
  auth: { privateKey: login.privateKey },
  hostKey: { kind: 'expected', fingerprint: login.fingerprint },
});
const stream = await session.shell({ cols: 80, rows: 24 });
let ready = false;
const channel: TerminalChannel = new TerminalChannel(stream, (data) => {
  channel.ack(data.length);
  if (ready) process.stdout.write(data);
  else if (data.includes('ready-7')) {
    ready = true;
    process.stderr.write('ready\n');
  }
});
channel.write('echo ready-$((3+4)); exec cat\r');
process.stdin.on('data', (key: Buffer) => channel.write(key));
process.stdin.on('end', () => {
  session.close();
  process.exit(0);
});
