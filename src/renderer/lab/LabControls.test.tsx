import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../shared/contract';
import type { LabView } from '../../shared/labs';
import { ApiProvider } from '../api/api-context';
import { LabControls } from './LabControls';

const base = (lab: LabView['lab'], activity: LabView['activity'] = null): LabView => ({
  courseId: 'intro-linux',
  lab,
  activity,
  usage: { runningHours: 0, limitHours: null, blocked: false },
  update: null,
});
const running: NonNullable<LabView['lab']> = {
  courseId: 'intro-linux',
  userId: 'u',
  stackName: 'lc-intro-linux-u',
  stackId: 'id',
  provider: 'p',
  state: 'CREATE_COMPLETE',
  group: 'up',
  ready: true,
  error: null,
  outputs: {},
  suspendBy: null,
  deleteBy: null,
  createdAt: 0,
  updatedAt: 0,
};

function fakeApi(initial: LabView) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const call = vi.fn(async (name: string) => (name === 'activity.ping' ? { ok: true } : initial));
  const api = {
    call,
    on: (name: string, listener: (payload: unknown) => void) => (listeners.set(name, listener), () => listeners.delete(name)),
  } as unknown as LabApi;
  return { api, call, push: (name: string, payload: unknown) => act(() => listeners.get(name)?.(payload)) };
}

describe('LabControls', () => {
  it('offers a reset to the new version when the course was updated under a running lab', async () => {
    const { api } = fakeApi({ ...base(running), update: { labVersion: '1.0.0', courseVersion: '1.1.0' } });
    render(
      <ApiProvider api={api}>
        <LabControls courseId="intro-linux" />
      </ApiProvider>,
    );
    expect(await screen.findByText(/updated to version 1\.1\.0; your lab was made for 1\.0\.0/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reset to 1.1.0…' }));
    expect(screen.getByLabelText('Type the course id to confirm')).toBeTruthy();
  });

  it('resets only after the learner types the course id', async () => {
    const { api, call } = fakeApi(base(running));
    render(
      <ApiProvider api={api}>
        <LabControls courseId="intro-linux" />
      </ApiProvider>,
    );
    expect(await screen.findByText('Running')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reset…' }));
    const confirm = screen.getByRole('button', { name: 'Reset lab' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Type the course id to confirm'), { target: { value: 'intro-linu' } });
    expect(confirm.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Type the course id to confirm'), { target: { value: 'intro-linux' } });
    fireEvent.click(confirm);
    expect(call).toHaveBeenCalledWith('lab.reset', { courseId: 'intro-linux', confirm: 'intro-linux' });
  });

  it("shows progress from Heat events, then Heat's reason when the launch fails", async () => {
    const { api, push } = fakeApi(base(null));
    render(
      <ApiProvider api={api}>
        <LabControls courseId="intro-linux" />
      </ApiProvider>,
    );
    expect(await screen.findByRole('button', { name: 'Launch' })).toBeTruthy();
    push(
      'lab.changed',
      base(
        { ...running, state: 'LAUNCH_PENDING', group: 'pending', ready: false },
        { jobId: 1, type: 'lab.launch', status: 'running', fraction: 0.45, message: 'provisioning: CREATE_COMPLETE', error: null },
      ),
    );
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('45');
    expect(screen.getByText('provisioning: CREATE_COMPLETE')).toBeTruthy();
    push(
      'lab.changed',
      base(
        { ...running, state: 'LAUNCH_ERROR', group: 'failed', ready: false, stackId: null },
        {
          jobId: 1,
          type: 'lab.launch',
          status: 'failed',
          fraction: 0.45,
          message: null,
          error: "Heat's reason: Resource CREATE failed: ValueError",
        },
      ),
    );
    expect(screen.getByRole('alert').textContent).toMatch(/Heat's reason: Resource CREATE failed/);
  });

  it('warns before an idle suspend and pings activity on "Keep running"', async () => {
    const { api, call, push } = fakeApi(base(running));
    render(
      <ApiProvider api={api}>
        <LabControls courseId="intro-linux" />
      </ApiProvider>,
    );
    await screen.findByText('Running');
    push('lab.notice', { courseId: 'intro-linux', kind: 'idle-suspend-soon', at: 1, message: 'Your lab will be suspended soon' });
    fireEvent.click(screen.getByRole('button', { name: 'Keep running' }));
    expect(call).toHaveBeenCalledWith('activity.ping', { source: 'ui', courseId: 'intro-linux' });
    expect(screen.queryByText('Your lab will be suspended soon')).toBeNull();
  });
});
