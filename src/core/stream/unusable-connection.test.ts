import { describe, expect, it } from 'vitest';
import type { SessionStatusEvent } from '../../shared/contract';
import { desktopProtocol } from '../connect/rdp/desktop-protocol';
import { silentLogger } from '../log/logger';
import { LiveSessions } from './live-sessions';

describe('a session whose lab connection cannot serve its protocol', () => {
  it('fails for good with the reason, and never tries to connect', async () => {
    const statuses: SessionStatusEvent[] = [];
    let resolved = 0;
    let connects = 0;
    const sessions = new LiveSessions({
      protocols: {
        desktop: desktopProtocol({
          pins: {} as never,
          connect: () => {
            connects++;
            throw new Error('must not connect');
          },
        }),
      },
      labs: {
        resolve: async () => (resolved++, { stackId: 's', protocol: 'ssh', host: '127.0.0.1', port: 22, user: 'lab', privateKey: 'k' }),
        state: async () => 'up',
      },
      emitStatus: (event) => statuses.push(event),
      logger: silentLogger,
      schedule: { baseMs: 1, capMs: 1, factor: 1, maxAttempts: 3 },
    });
    sessions.open({ kind: 'desktop', courseId: 'intro-linux', connection: 'terminal', width: 800, height: 600 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(statuses.map((s) => s.status)).toEqual(['connecting', 'failed']);
    expect(statuses.at(-1)).toMatchObject({
      kind: 'desktop',
      failure: 'protocol-failure',
      message: expect.stringMatching(/is ssh, not rdp: open it in the Terminal tab/),
    });
    expect({ resolved, connects }).toEqual({ resolved: 1, connects: 0 });
    sessions.closeAll();
  });
});
