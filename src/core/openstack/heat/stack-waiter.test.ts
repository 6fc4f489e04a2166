import { describe, expect, it } from 'vitest';
import { readsEvents } from './stack-waiter';

describe('readsEvents: when a wait reads the stack’s events', () => {
  it('a delete from a state of another action reads none: the stack alone shows it gone', () => {
    expect(readsEvents({ action: 'DELETE', before: { status: 'CREATE_COMPLETE' } })).toBe(false);
    expect(readsEvents({ action: 'DELETE', before: { status: 'SUSPEND_FAILED', updatedAt: '2026-01-01T00:00:00Z' } })).toBe(false);
  });

  it('a retried delete reads them: only its events tell its end from the earlier delete’s', () => {
    expect(readsEvents({ action: 'DELETE', before: { status: 'DELETE_FAILED' } })).toBe(true);
    expect(readsEvents({ action: 'DELETE', before: { status: 'DELETE_IN_PROGRESS' } })).toBe(true);
  });

  it('a delete with a listener, or with no state known before it, reads them', () => {
    expect(readsEvents({ action: 'DELETE', before: { status: 'CREATE_COMPLETE' }, onEvent: () => undefined })).toBe(true);
    expect(readsEvents({ action: 'DELETE' })).toBe(true);
  });

  it('every other action reads them: they pace the polls', () => {
    for (const action of ['CREATE', 'UPDATE', 'SUSPEND', 'RESUME', 'CHECK'] as const)
      expect(readsEvents({ action, before: { status: 'CREATE_COMPLETE' } })).toBe(true);
  });
});
