import { act, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CohortLab } from '../../shared/cohort/cohort-lab';
import type { LabApi } from '../../shared/contract';
import type { StreamUp } from '../../shared/stream';
import { ApiProvider, StreamProvider } from '../api/api-context';
import type { StreamOpener } from '../api/live-stream';
import type { Xterm } from '../terminal/create-xterm';
import { useTerminalSession } from '../terminal/use-terminal-session';
import { LabDetail } from './LabDetail';
import { cohortLab } from './cohort-lab-fixture';

const lab: CohortLab = cohortLab('lab-learner7', {
  stackId: 'stack-7',
  stackName: 'lc-x-u7',
  projectId: 'p7',
  userId: 'u7',
  courseId: 'intro-linux',
});

function fakeApi() {
  const call = vi.fn(async (name: string) => {
    if (name === 'cohort.events') return { stackId: lab.stackId, events: [] };
    if (name === 'cohort.watch') return { sessionId: 'watchSession01', connection: 'terminal' };
    return { ok: true };
  });
  return { api: { call, on: () => () => undefined } as unknown as LabApi, call };
}

function recordingStreams() {
  const sent: StreamUp[] = [];
  const open: StreamOpener = () => ({ send: (m) => sent.push(m), close: () => undefined });
  return { sent, open };
}

/** Just what useTerminalSession touches of xterm: its size and its input and resize events. */
function fakeXterm() {
  let onData: ((data: string) => void) | undefined;
  const terminal = {
    cols: 80,
    rows: 24,
    onData: (listener: (data: string) => void) => ((onData = listener), { dispose: () => undefined }),
    onResize: () => ({ dispose: () => undefined }),
    write: () => undefined,
  };
  return { xterm: { terminal } as unknown as Xterm, type: (data: string) => onData?.(data) };
}

describe('watching a learner’s terminal', () => {
  it('opens a read-only terminal through cohort.watch and says it is read-only', async () => {
    const { api, call } = fakeApi();
    const streams = recordingStreams();
    render(
      <ApiProvider api={api}>
        <StreamProvider open={streams.open}>
          <LabDetail lab={lab} onClose={() => undefined} />
        </StreamProvider>
      </ApiProvider>,
    );
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Watch terminal (read-only)' })));
    // The terminal arrives with its chunk (loaded on first use).
    expect((await screen.findByRole('note', {}, { timeout: 20_000 })).textContent).toMatch(/Read-only.*not sent/);
    await vi.waitFor(() =>
      expect(call).toHaveBeenCalledWith('cohort.watch', expect.objectContaining({ courseId: 'intro-linux', stackId: 'stack-7' })),
    );
    expect(call).not.toHaveBeenCalledWith('session.open', expect.anything());
    expect(screen.getByRole('button', { name: 'Stop watching' })).toBeTruthy();
  });

  it('sends nothing the viewer types in a read-only session, while a normal session does', async () => {
    for (const readOnly of [true, false]) {
      const { api } = fakeApi();
      const streams = recordingStreams();
      const { xterm, type } = fakeXterm();
      const open = vi.fn(async () => ({ sessionId: 'watchSession01' }));
      const wrapper = ({ children }: { children: React.ReactNode }) => (
        <ApiProvider api={api}>
          <StreamProvider open={streams.open}>{children}</StreamProvider>
        </ApiProvider>
      );
      const { result, unmount } = renderHook(() => useTerminalSession(xterm, 'intro-linux', 'terminal', 0, { open, readOnly }), {
        wrapper,
      });
      await vi.waitFor(() => expect(result.current.sessionId).toBe('watchSession01'));
      expect(open).toHaveBeenCalledWith({ cols: 80, rows: 24 });
      type('rm -rf ~\r');
      expect(streams.sent.filter((m) => m.t === 'input')).toEqual(readOnly ? [] : [{ t: 'input', data: 'rm -rf ~\r' }]);
      unmount();
    }
  });
});

describe('a lab’s detail', () => {
  it('names the learner’s project and user id, and the month’s billed hours', async () => {
    const { api } = fakeApi();
    render(
      <ApiProvider api={api}>
        <LabDetail
          lab={{ ...lab, runningSecondsMonth: 5400, suspendedSecondsMonth: 1800, flavors: ['m1.large'] }}
          onClose={() => undefined}
        />
      </ApiProvider>,
    );
    expect(screen.getByTestId('lab-owner').textContent).toBe(`Project ${lab.projectName} · user id ${lab.userId}`);
    expect(screen.getByTestId('lab-billed').textContent).toBe('This month: 1.5 h running, 30 min suspended · flavor m1.large');
    await act(async () => undefined);
  });
});
