import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../shared/contract';
import type { LabView } from '../../shared/labs';
import { ApiProvider } from '../api/api-context';
import { LabControls } from './LabControls';
import { activityOf, labOf, troubled, viewOf } from './lab-fixtures.test-support';

const running = labOf('CREATE_COMPLETE', 'up');

function fakeApi(initial: LabView) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const call = vi.fn(async (name: string) => (name === 'activity.ping' ? { ok: true } : initial));
  const api = {
    call,
    on: (name: string, listener: (payload: unknown) => void) => (listeners.set(name, listener), () => listeners.delete(name)),
  } as unknown as LabApi;
  return { api, call, push: (name: string, payload: unknown) => act(() => listeners.get(name)?.(payload)) };
}

function show(api: LabApi): void {
  render(
    <ApiProvider api={api}>
      <LabControls courseId="intro-linux" />
    </ApiProvider>,
  );
}

describe('LabControls', () => {
  it('offers a reset to the new version when the course was updated under a running lab', async () => {
    const { api } = fakeApi(viewOf(running, null, { update: { labVersion: '1.0.0', courseVersion: '1.1.0' } }));
    show(api);
    expect(await screen.findByText(/updated to version 1\.1\.0; your lab was made for 1\.0\.0/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reset to 1.1.0…' }));
    expect(screen.getByLabelText('Type the course id to confirm')).toBeTruthy();
  });

  it('resets only after the learner types the course id', async () => {
    const { api, call } = fakeApi(viewOf(running));
    show(api);
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

  it("shows progress from Heat events, then the learner's sentence when the launch fails, with Heat's reason in the details", async () => {
    const { api, push } = fakeApi(viewOf(null));
    show(api);
    expect(await screen.findByRole('button', { name: 'Launch' })).toBeTruthy();
    const starting = labOf('LAUNCH_PENDING', 'pending', { ready: false, stackId: null });
    push(
      'lab.changed',
      viewOf(starting, activityOf('lab.launch', 'running', { fraction: 0.45, message: 'provisioning: CREATE_COMPLETE' })),
    );
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('45');
    expect(screen.getByText('provisioning: CREATE_COMPLETE')).toBeTruthy();
    expect(screen.getByText('Starting…')).toBeTruthy();
    push(
      'lab.changed',
      viewOf(
        labOf('LAUNCH_ERROR', 'failed', { ready: false, stackId: null }),
        activityOf('lab.launch', 'failed', {
          fraction: 0.45,
          errorKind: 'create_failed',
          error: 'The lab could not be created on cloud "school". Heat\'s reason: Resource CREATE failed: ValueError',
        }),
      ),
    );
    expect(screen.getByRole('alert').textContent).toBe('The lab could not be created on cloud "school".');
    expect(screen.getByText('Failed')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Details' }));
    expect(screen.getByRole('region', { name: 'Details of the message' }).textContent).toMatch(/Heat's reason: Resource CREATE failed/);
  });

  it('warns before an idle suspend and pings activity on "Keep running"', async () => {
    const { api, call, push } = fakeApi(viewOf(running));
    show(api);
    await screen.findByText('Running');
    push('lab.notice', { courseId: 'intro-linux', kind: 'idle-suspend-soon', at: 1, message: 'Your lab will be suspended soon' });
    fireEvent.click(screen.getByRole('button', { name: 'Keep running' }));
    expect(call).toHaveBeenCalledWith('activity.ping', { source: 'ui', courseId: 'intro-linux' });
    expect(screen.queryByText('Your lab will be suspended soon')).toBeNull();
  });

  it('shows one message at a time; dismissing it shows the next', async () => {
    const { api, push } = fakeApi(
      viewOf(running, null, { cloud: troubled({ kind: 'unreachable' }), update: { labVersion: '1', courseVersion: '2' } }),
    );
    show(api);
    await screen.findByText('Not answering');
    push('lab.notice', { courseId: 'intro-linux', kind: 'idle-suspend-soon', at: 1, message: 'Your lab will be suspended soon' });
    expect(document.querySelectorAll('.lab-message-text')).toHaveLength(1);
    expect(screen.getByRole('alert').textContent).toMatch(/^The cloud has not answered since \d\d:\d\d \(last known: Running\)\.$/);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss this message' }));
    expect(screen.getByText('Your lab will be suspended soon')).toBeTruthy();
    expect(screen.queryByText(/has not answered/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reset…' })).toBeNull();
  });

  it('counts down to the next try and cancels the waiting job on Cancel', async () => {
    const waiting = activityOf('lab.suspend', 'queued', { attempt: 1, nextTryAt: Date.now() + 8_000, errorKind: 'cloud-unreachable' });
    const { api, call } = fakeApi(viewOf(running, waiting, { cloud: troubled({ kind: 'unreachable' }) }));
    show(api);
    await screen.findByText('Suspending…');
    expect(screen.getByText(/next try in [78] s/)).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/Suspend tries again \(attempt 2 of 6\)\.$/);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(call).toHaveBeenCalledWith('lab.cancel', { courseId: 'intro-linux' });
  });
});
