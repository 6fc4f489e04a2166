import { describe, expect, it } from 'vitest';
import { labPaneModel } from './lab-badge';
import { activityOf, labOf, troubled, viewOf } from './lab-fixtures.test-support';

describe('lab pane model', () => {
  it('offers Launch without a lab, Suspend and Reset when running, Resume when suspended', () => {
    expect(labPaneModel(viewOf(null))).toMatchObject({ badge: 'No lab', canLaunch: true, canSuspend: false });
    expect(labPaneModel(viewOf(labOf('CREATE_COMPLETE', 'up')))).toMatchObject({
      badge: 'Running',
      canSuspend: true,
      canReset: true,
      canLaunch: false,
    });
    expect(labPaneModel(viewOf(labOf('SUSPEND_COMPLETE', 'down')))).toMatchObject({
      badge: 'Suspended',
      canResume: true,
      canSuspend: false,
    });
  });

  it('says what the job does in words, with no buttons, and Failed when it failed; Heat’s state only in the tooltip', () => {
    const launching = activityOf('lab.launch', 'running', { fraction: 0.4, message: 'host: CREATE_IN_PROGRESS' });
    expect(labPaneModel(viewOf(labOf('LAUNCH_PENDING', 'pending', { stackId: null }), launching))).toMatchObject({
      badge: 'Starting…',
      busy: true,
      canLaunch: false,
      canReset: false,
    });
    expect(labPaneModel(viewOf(labOf('SUSPEND_COMPLETE', 'down'), activityOf('lab.launch', 'queued'))).badge).toBe('Resuming…');
    expect(labPaneModel(viewOf(labOf('CREATE_COMPLETE', 'up'), activityOf('lab.suspend', 'running'))).badge).toBe('Suspending…');
    expect(labPaneModel(viewOf(labOf('CREATE_COMPLETE', 'up'), activityOf('lab.delete', 'running'))).badge).toBe('Deleting…');
    const failed = labPaneModel(viewOf(labOf('LAUNCH_ERROR', 'failed', { stackId: null }), { ...launching, status: 'failed' }));
    expect(failed).toMatchObject({ badge: 'Failed', tone: 'error', canLaunch: true });
    expect(failed.title).toContain('LAUNCH_ERROR');
    expect(labPaneModel(viewOf(labOf('CREATE_COMPLETE', 'up', { ready: false }))).badge).toBe('Starting…');
  });

  it('stops claiming Running while the cloud does not answer, keeps the last known state in the tooltip, and withholds Reset', () => {
    const model = labPaneModel(viewOf(labOf('CREATE_COMPLETE', 'up'), null, { cloud: troubled({ kind: 'unreachable' }) }));
    expect(model).toMatchObject({ badge: 'Not answering', tone: 'warn', canSuspend: true, canReset: false });
    expect(model.title).toMatch(/CREATE_COMPLETE.*last known: Running/);
    expect(labPaneModel(viewOf(labOf('SUSPEND_COMPLETE', 'down'), null, { cloud: troubled({ kind: 'credentials' }) }))).toMatchObject({
      badge: 'Sign-in refused',
      canResume: true,
      canReset: false,
    });
    // A slow cloud still answers: the state stands.
    expect(labPaneModel(viewOf(labOf('CREATE_COMPLETE', 'up'), null, { cloud: troubled({ kind: 'slow' }) })).badge).toBe('Running');
  });

  it('withholds Launch and Resume when the usage limit blocks', () => {
    const blocked = { usage: { runningHours: 9, limitHours: 8, blocked: true } };
    expect(labPaneModel(viewOf(null, null, blocked)).canLaunch).toBe(false);
    expect(labPaneModel(viewOf(labOf('SUSPEND_COMPLETE', 'down'), null, blocked)).canResume).toBe(false);
  });
});
