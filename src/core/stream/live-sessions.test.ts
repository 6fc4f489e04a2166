import { describe, expect, it } from 'vitest';
import type { TerminalStatusEvent } from '../../shared/ssh';
import { UserFacingError } from '../api/user-error';
import { terminalProtocol } from '../connect/ssh/terminal-protocol';
import { silentLogger } from '../log/logger';
import { LiveSessions, SessionNotFoundError } from './live-sessions';

function sessions(orphanMs: number) {
  const statuses: TerminalStatusEvent[] = [];
  const terminals = new LiveSessions({
    protocols: { terminal: terminalProtocol({ pins: {} as never }) },
    labs: {
      resolve: async (courseId) => {
        throw new UserFacingError('unavailable', `No lab is running for course "${courseId}".`);
      },
      state: async () => 'other',
    },
    emitStatus: (event) => event.kind === 'terminal' && statuses.push(event),
    logger: silentLogger,
    schedule: { baseMs: 1000, capMs: 1000, factor: 1, maxAttempts: 1 },
    orphanMs,
  });
  return { terminals, statuses };
}

const request = { kind: 'terminal', courseId: 'intro-linux', connection: 'terminal', cols: 80, rows: 24 } as const;
const endpoint = { sendData: () => undefined, sendControl: () => undefined, close: () => undefined };

describe('LiveSessions', () => {
  it('gives each terminal a URL-safe id and attaches streams only to open ones', () => {
    const { terminals } = sessions(60_000);
    const a = terminals.open(request).sessionId;
    const b = terminals.open(request).sessionId;
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(a).not.toBe(b);
    expect(terminals.attach('nosuchsession00', endpoint)).toBeUndefined();
    expect(terminals.attach(a, endpoint)).toBeDefined();
    terminals.closeAll();
    expect(terminals.size).toBe(0);
    expect(() => terminals.get(a)).toThrow(SessionNotFoundError);
  });

  it("keeps the learner's session running with no window, and closes an instructor's view no window attached to within the orphan time", async () => {
    const { terminals, statuses } = sessions(30);
    const own = terminals.open({ ...request, tabId: 'tab-1' }).sessionId;
    const watched = terminals.open(request, {
      readOnly: true,
      labs: { resolve: async () => Promise.reject(new Error('no')), state: async () => 'other' },
    }).sessionId;
    const shown = terminals.open(request, {
      readOnly: true,
      labs: { resolve: async () => Promise.reject(new Error('no')), state: async () => 'other' },
    }).sessionId;
    terminals.attach(shown, endpoint);
    terminals.attach(own, endpoint)?.detach();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(statuses.find((s) => s.sessionId === watched && s.status === 'closed')).toBeDefined();
    expect(terminals.get(own).isClosed()).toBe(false);
    expect(terminals.get(shown).isClosed()).toBe(false);
    terminals.closeAll();
  });

  it("lists the learner's open sessions of a course with their tab, for a window that shows the lab again", () => {
    const { terminals } = sessions(60_000);
    const first = terminals.open({ ...request, tabId: 'tab-a' }).sessionId;
    terminals.open({ ...request, courseId: 'other-course', tabId: 'tab-b' });
    terminals.open(request, { readOnly: true });
    const listed = terminals.list('intro-linux');
    expect(listed).toEqual([
      { sessionId: first, kind: 'terminal', connection: 'terminal', tabId: 'tab-a', status: expect.objectContaining({ sessionId: first }) },
    ]);
    terminals.close(first);
    expect(terminals.list('intro-linux')).toEqual([]);
    terminals.closeAll();
  });

  it('ends the sessions nobody shows when their lab is suspended or deleted, and keeps a shown one to offer Resume', () => {
    const { terminals, statuses } = sessions(60_000);
    const hidden = terminals.open(request).sessionId;
    const shown = terminals.open(request).sessionId;
    const otherCourse = terminals.open({ ...request, courseId: 'other-course' }).sessionId;
    terminals.attach(shown, endpoint);
    terminals.labChanged('intro-linux', 'up');
    expect(terminals.size).toBe(3);
    terminals.labChanged('intro-linux', 'suspended');
    expect(statuses.find((s) => s.sessionId === hidden && s.status === 'closed')?.message).toBe('The lab was suspended.');
    expect(terminals.get(shown).isClosed()).toBe(false);
    expect(terminals.get(otherCourse).isClosed()).toBe(false);
    terminals.labChanged('other-course', 'gone');
    expect(() => terminals.get(otherCourse)).toThrow(SessionNotFoundError);
    terminals.closeAll();
  });

  it('says what kind a session is when a call takes it for another, and opens no kind it has no protocol for', () => {
    const { terminals } = sessions(60_000);
    const { sessionId } = terminals.open(request);
    expect(terminals.get(sessionId, 'terminal').kind).toBe('terminal');
    expect(() => terminals.get(sessionId, 'desktop')).toThrow(/is a terminal, not a desktop/);
    expect(() => terminals.open({ kind: 'desktop', courseId: 'intro-linux', connection: 'desktop', width: 800, height: 600 })).toThrow(
      /not available here/,
    );
    expect(terminals.size).toBe(1);
    terminals.closeAll();
  });
});
