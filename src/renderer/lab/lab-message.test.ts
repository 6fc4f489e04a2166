import { describe, expect, it } from 'vitest';
import { labMessages } from './lab-message';
import { activityOf, labOf, troubled, viewOf } from './lab-fixtures.test-support';

const NOW = Date.parse('2025-03-03T10:45:00');
const REFUSED =
  'Network error talking to Keystone at 127.0.0.1:5000: connection refused, nothing listens there (connect ECONNREFUSED 127.0.0.1:5000)\nCheck auth_url in the cloud configuration; also your network, firewall and HTTPS_PROXY / NO_PROXY settings.';

describe('the Lab header’s messages', () => {
  it('says the cloud has not answered since when, the last known state, the attempt and the next try — the errno only in the details', () => {
    const waiting = activityOf('lab.suspend', 'queued', {
      attempt: 1,
      nextTryAt: NOW + 4_000,
      error: REFUSED,
      errorKind: 'cloud-unreachable',
    });
    const [first] = labMessages({
      view: viewOf(labOf('CREATE_COMPLETE', 'up'), waiting, { cloud: troubled({ kind: 'unreachable', detail: REFUSED }) }),
      now: NOW,
    });
    expect(first!.text).toBe('The cloud has not answered since 10:42 (last known: Running). Suspend tries again (attempt 2 of 6).');
    expect(first!.nextTryAt).toBe(NOW + 4_000);
    expect(first!.actions.map((a) => a.label)).toEqual(['Cancel']);
    expect(first!.text).not.toMatch(/ECONNREFUSED|PROXY/);
    expect(first!.detail).toContain('ECONNREFUSED');
  });

  it('links a refused sign-in to Settings › Clouds', () => {
    const [first] = labMessages({
      view: viewOf(labOf('CREATE_COMPLETE', 'up'), null, { cloud: troubled({ kind: 'credentials' }) }),
      now: NOW,
    });
    expect(first!.text).toBe('The cloud refused your sign-in (since 10:42) (last known: Running).');
    expect(first!.actions.map((a) => a.kind)).toEqual(['open-settings']);
  });

  it('says a failed suspend did not finish because of the cloud, and that it answers again once it does', () => {
    const failed = activityOf('lab.suspend', 'failed', { attempt: 6, error: REFUSED, errorKind: 'cloud-unreachable' });
    const [still] = labMessages({
      view: viewOf(labOf('CREATE_COMPLETE', 'up'), failed, { cloud: troubled({ kind: 'unreachable' }) }),
      now: NOW,
    });
    expect(still!.text).toBe('Suspend did not finish: the cloud did not answer (since 10:42; last known: Running).');
    const [after] = labMessages({ view: viewOf(labOf('CREATE_COMPLETE', 'up'), failed), now: NOW });
    expect(after!.text).toBe('Suspend did not finish: the cloud did not answer. The cloud answers again: you can try once more.');
  });

  it('never advises a reset for a transient, cloud-side or credential problem', () => {
    for (const kind of ['unreachable', 'credentials', 'heat-failing', 'slow'] as const) {
      const views = [
        viewOf(labOf('CREATE_COMPLETE', 'up'), null, { cloud: troubled({ kind }) }),
        viewOf(labOf('CREATE_COMPLETE', 'up'), activityOf('lab.suspend', 'queued', { attempt: 2, nextTryAt: NOW }), {
          cloud: troubled({ kind }),
        }),
        viewOf(labOf('CREATE_COMPLETE', 'up'), activityOf('lab.suspend', 'failed', { errorKind: `cloud-${kind}` })),
      ];
      for (const view of views) {
        for (const m of labMessages({ view, now: NOW })) expect(`${m.text} ${m.advice ?? ''}`).not.toMatch(/reset/i);
      }
    }
  });

  it('puts the learner’s own refused click first, then the cloud, then notices, then the update offer', () => {
    const messages = labMessages({
      view: viewOf(labOf('CREATE_COMPLETE', 'up'), null, {
        cloud: troubled({ kind: 'heat-failing' }),
        update: { labVersion: '1.0.0', courseVersion: '1.1.0' },
      }),
      callError: 'To reset the lab, type the course id "intro-linux" exactly.',
      notice: { courseId: 'intro-linux', kind: 'idle-suspend-soon', at: NOW, message: 'Your lab will be suspended at 10:50.' },
      now: NOW,
    });
    expect(messages.map((m) => m.key.split(':')[0])).toEqual(['call', 'cloud', 'notice', 'update']);
  });

  it("keeps Heat's reason of a failed create in the details, the sentence for the learner in the text", () => {
    const failed = activityOf('lab.launch', 'failed', {
      errorKind: 'create_failed',
      error: 'The lab could not be created on cloud "school". Heat\'s reason: Resource CREATE failed: ValueError',
    });
    const [first] = labMessages({ view: viewOf(labOf('LAUNCH_ERROR', 'failed', { stackId: null }), failed), now: NOW });
    expect(first!.text).toBe('The lab could not be created on cloud "school".');
    expect(first!.detail).toMatch(/Heat's reason: Resource CREATE failed: ValueError[\s\S]*Heat state: LAUNCH_ERROR/);
  });
});
