import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../shared/contract';
import type { CheckRun, SolveResult } from '../../shared/labs/check-calls';
import type { LabView } from '../../shared/labs';
import { ApiProvider } from '../api/api-context';
import { checkLabel, StepChecks } from './StepChecks';

const lab = (state: string, group: 'up' | 'down', ready: boolean): LabView => ({
  courseId: 'intro-linux',
  lab: {
    courseId: 'intro-linux',
    userId: 'u',
    stackName: 's',
    stackId: 'id',
    provider: 'p',
    state,
    group,
    ready,
    error: null,
    outputs: {},
    suspendBy: null,
    deleteBy: null,
    createdAt: 0,
    updatedAt: 0,
  },
  activity: null,
  usage: { runningHours: 0, limitHours: null, blocked: false },
  update: null,
  cloud: null,
});
const running = lab('CREATE_COMPLETE', 'up', true);

const run = (passed: boolean[], at = Date.now()): CheckRun => ({
  id: 1,
  courseId: 'intro-linux',
  userId: 'u',
  stepId: 'meet-your-lab',
  passed: passed.filter(Boolean).length,
  total: passed.length,
  score: passed.filter(Boolean).length / passed.length,
  outcomes: passed.map((ok, i) => ({
    script: `checks/check-${i + 1}.sh`,
    passed: ok,
    ...(ok ? {} : { hint: `Fix thing ${i + 1} first.` }),
    timedOut: false,
    durationMs: 10,
  })),
  source: 'app',
  at,
});

function fakeApi(answers: { view: LabView; history?: CheckRun[]; check?: () => Promise<CheckRun>; solve?: () => Promise<SolveResult> }) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const call = vi.fn(async (name: string): Promise<unknown> => {
    if (name === 'lab.view') return answers.view;
    if (name === 'lab.checkHistory') return answers.history ?? [];
    if (name === 'lab.check') return answers.check!();
    if (name === 'lab.solve') return answers.solve!();
    throw new Error(`unexpected call ${name}`);
  });
  const api = {
    call,
    on: (name: string, listener: (payload: unknown) => void) => (listeners.set(name, listener), () => listeners.delete(name)),
  } as unknown as LabApi;
  return { api, call, push: (name: string, payload: unknown) => act(() => listeners.get(name)?.(payload)) };
}

const show = (api: LabApi) =>
  render(
    <ApiProvider api={api}>
      <StepChecks courseId="intro-linux" stepId="meet-your-lab" />
    </ApiProvider>,
  );

describe('StepChecks', () => {
  it('names a check after its script', () => {
    expect(checkLabel('checks/step-2/nginx-running.sh')).toBe('nginx running');
    expect(checkLabel('checks/hello_file')).toBe('hello file');
  });

  it('shows the last result from the history on load, and offers Check only once the lab is up', async () => {
    const { api, push } = fakeApi({ view: lab('SUSPEND_COMPLETE', 'down', false), history: [run([true, false], Date.now() - 5 * 60_000)] });
    show(api);
    expect(await screen.findByText('1 of 2 checks pass')).toBeTruthy();
    expect(screen.getByText('last checked 5 min ago')).toBeTruthy();
    expect(screen.getByText('Fix thing 2 first.')).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Check' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(screen.getByText('Resume the lab to check this step.')).toBeTruthy();
    // While the badge says Resuming…, so does the Check panel: never "Resume the lab".
    const resuming = { jobId: 3, type: 'lab.resume', status: 'running', fraction: 0.3, message: null, error: null };
    push('lab.changed', {
      ...lab('LAUNCH_PENDING', 'down', false),
      activity: { ...resuming, errorKind: null, attempt: 1, maxAttempts: 5, nextTryAt: null },
    });
    expect(screen.getByText('The lab is resuming: Check works once it is running.')).toBeTruthy();
    expect(button.disabled).toBe(true);
    push('lab.changed', running);
    expect(button.disabled).toBe(false);
    expect(screen.queryByText('Resume the lab to check this step.')).toBeNull();
  });

  it('runs the checks: busy while running, then each check with the hint of a failing one and the score', async () => {
    let finish!: (r: CheckRun) => void;
    const { api, call } = fakeApi({ view: running, check: () => new Promise<CheckRun>((resolve) => (finish = resolve)) });
    show(api);
    const button = (await screen.findByRole('button', { name: 'Check' })) as HTMLButtonElement;
    await act(async () => {
      await Promise.resolve();
    });
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    expect(call).toHaveBeenCalledWith('lab.check', { courseId: 'intro-linux', stepId: 'meet-your-lab' });
    const busy = screen.getByRole('button', { name: 'Checking…' }) as HTMLButtonElement;
    expect(busy.disabled).toBe(true);
    expect(busy.getAttribute('aria-busy')).toBe('true');
    expect(screen.getByRole('status').textContent).toContain('Running the checks on your lab');

    await act(async () => finish(run([true, false, true])));
    const results = screen.getByRole('list', { name: 'Check results' });
    const items = within(results).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(['✓Passed: check 1', '✗Failed: check 2Fix thing 2 first.', '✓Passed: check 3']);
    expect(screen.getByText('2 of 3 checks pass')).toBeTruthy();
    expect(screen.getByRole('meter', { name: 'Score: 2 of 3' })).toBeTruthy();
    expect(screen.queryByText(/last checked/)).toBeNull();
    expect((screen.getByRole('button', { name: 'Check' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('says so when every check passes, and shows why a run could not happen', async () => {
    const answers: { view: LabView; check: () => Promise<CheckRun> } = { view: running, check: async () => run([true, true]) };
    const { api } = fakeApi(answers);
    show(api);
    const button = await screen.findByRole('button', { name: 'Check' });
    await act(async () => {
      await Promise.resolve();
    });
    await act(async () => fireEvent.click(button));
    expect(screen.getByText('All checks pass')).toBeTruthy();

    answers.check = async () => {
      throw new Error('WARNING: the host key of 127.0.0.1:2222 has changed since it was first seen for this lab.');
    };
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Check' })));
    expect(screen.getByRole('alert').textContent).toContain('host key of 127.0.0.1:2222 has changed');
    expect(screen.getByText('All checks pass')).toBeTruthy();
  });
});

describe('StepChecks as the course asks (hastexo progress check settings)', () => {
  it('labels the button and heads the result as the course says, and hides the hints when asked', async () => {
    const { api } = fakeApi({ view: running, check: async () => run([true, false]) });
    render(
      <ApiProvider api={api}>
        <StepChecks
          courseId="intro-linux"
          stepId="meet-your-lab"
          display={{ button: 'Submit Answer', heading: 'Progress so far', score: true, hints: false }}
        />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Submit Answer' }));
    expect(await screen.findByText('Progress so far')).toBeTruthy();
    expect(screen.getByText('1 of 2 checks pass')).toBeTruthy();
    expect(screen.queryByText('Fix thing 2 first.')).toBeNull();
  });

  it('shows only the heading when the course hides the score', async () => {
    const { api } = fakeApi({ view: running, check: async () => run([true, false]) });
    render(
      <ApiProvider api={api}>
        <StepChecks
          courseId="intro-linux"
          stepId="meet-your-lab"
          display={{ button: null, heading: 'Answer Submitted', score: false, hints: false }}
        />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Check' }));
    expect(await screen.findByText('Answer Submitted')).toBeTruthy();
    expect(screen.queryByText(/checks pass/)).toBeNull();
    expect(screen.queryByText('Fix thing 2 first.')).toBeNull();
  });
});

describe('StepChecks moving the course on', () => {
  const hints = [
    { check: 'checks/check-1.sh', text: 'First hint of check 1.' },
    { check: 'checks/check-2.sh', text: 'First hint of check 2.' },
    { check: 'checks/check-2.sh', text: 'Second hint of check 2.' },
  ];

  it('marks the step done when every check passes and offers Next', async () => {
    const onProgress = vi.fn();
    const { api } = fakeApi({ view: running, check: async () => run([true, true]) });
    render(
      <ApiProvider api={api}>
        <StepChecks courseId="intro-linux" stepId="meet-your-lab" nextStepId="files" onProgress={onProgress} />
      </ApiProvider>,
    );
    const button = await screen.findByRole('button', { name: 'Check' });
    await act(async () => {
      await Promise.resolve();
    });
    await act(async () => fireEvent.click(button));
    expect(onProgress).toHaveBeenCalledTimes(1);
    expect(screen.getByText(/Step done\./)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Next step →' }).getAttribute('href')).toBe('#/lab/intro-linux/files');
  });

  it('offers no Next while a check fails', async () => {
    const onProgress = vi.fn();
    const { api } = fakeApi({ view: running, check: async () => run([true, false]) });
    render(
      <ApiProvider api={api}>
        <StepChecks courseId="intro-linux" stepId="meet-your-lab" nextStepId="files" onProgress={onProgress} />
      </ApiProvider>,
    );
    const button = await screen.findByRole('button', { name: 'Check' });
    await act(async () => {
      await Promise.resolve();
    });
    await act(async () => fireEvent.click(button));
    expect(onProgress).not.toHaveBeenCalled();
    expect(screen.queryByRole('link', { name: 'Next step →' })).toBeNull();
  });

  it('reveals hints one at a time on demand, before any check ran, skipping those of passing checks', async () => {
    const { api } = fakeApi({ view: running, check: async () => run([true, false]) });
    render(
      <ApiProvider api={api}>
        <StepChecks courseId="intro-linux" stepId="hints-step" hints={hints} />
      </ApiProvider>,
    );
    expect(screen.queryByText('First hint of check 1.')).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: 'Show a hint (3 left)' }));
    expect(screen.getByRole('list', { name: 'Hints' }).textContent).toContain('First hint of check 1.');
    expect(screen.queryByText(/hint of check 2/)).toBeNull();
    // Check 1 passes: its hint is no help any more; the next one is check 2's.
    await act(async () => {
      await Promise.resolve();
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Check' })));
    expect(screen.queryByText('First hint of check 1.')).toBeNull();
    expect(screen.getByText(/First hint of check 2\./)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show another hint (1 left)' }));
    expect(screen.getByText(/Second hint of check 2\./)).toBeTruthy();
    expect(screen.getByText('That was the last hint.')).toBeTruthy();
  });

  it('runs the solution only after the learner confirms, then shows the step solved with its checks', async () => {
    const onProgress = vi.fn();
    const { api, call } = fakeApi({
      view: running,
      solve: async () => ({
        stepId: 'meet-your-lab',
        solved: true,
        exitCode: 0,
        timedOut: false,
        output: 'Created ~/hello.txt',
        checks: run([true]),
      }),
    });
    render(
      <ApiProvider api={api}>
        <StepChecks courseId="intro-linux" stepId="meet-your-lab" hasSolve nextStepId="files" status="solved" onProgress={onProgress} />
      </ApiProvider>,
    );
    await act(async () => {
      await Promise.resolve();
    });
    fireEvent.click(screen.getByRole('button', { name: 'Solve this step for me…' }));
    expect(call).not.toHaveBeenCalledWith('lab.solve', expect.anything());
    const dialog = screen.getByRole('alertdialog', { name: "Run this step's solution on your lab?" });
    expect(dialog.textContent).toContain('counts as solved, not done');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(call).not.toHaveBeenCalledWith('lab.solve', expect.anything());

    fireEvent.click(screen.getByRole('button', { name: 'Solve this step for me…' }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Run the solution' })));
    expect(call).toHaveBeenCalledWith('lab.solve', { courseId: 'intro-linux', stepId: 'meet-your-lab', confirm: true });
    expect(onProgress).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Solved by the course\u2019s solution')).toBeTruthy();
    expect(screen.getByText('Created ~/hello.txt')).toBeTruthy();
    expect(screen.getByText('All checks pass')).toBeTruthy();
    expect(screen.getByText(/Step solved by the course/)).toBeTruthy();
  });
});
