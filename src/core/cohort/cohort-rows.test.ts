import { describe, expect, it } from 'vitest';
import type { HeatClient } from '../openstack/heat/heat-client';
import { toStack, toSummary } from '../openstack/heat/stack-records';
import { toRow } from './cohort-rows';
import type { FoundLab } from './cohort-scan';
import { selectLabs } from './lab-selection';

const record = (owner?: string) => ({
  id: 'sid',
  stack_name: 'lc-c-u1',
  stack_status: 'CREATE_COMPLETE',
  creation_time: '2026-11-01T00:00:00Z',
  tags: ['lc'],
  ...(owner ? { stack_owner: owner } : {}),
});

const found = (owner?: string): FoundLab => ({
  project: { id: 'p1', name: 'lab-ann', tags: [] },
  heat: {} as HeatClient,
  summary: toSummary(toStack(record(owner))),
  identity: { courseId: 'c', userId: 'u1' },
});

describe('learners by name', () => {
  it('shows the Keystone user name Heat keeps as the stack owner, the project beside it', () => {
    expect(toRow(found('ann'), Date.parse('2026-11-02T00:00:00Z'), undefined)).toMatchObject({
      learner: 'ann',
      projectName: 'lab-ann',
      userId: 'u1',
    });
  });

  it('falls back to the project name where Heat names no owner', () => {
    expect(toRow(found(), Date.now(), undefined).learner).toBe('lab-ann');
  });

  it('selects a lab by user name, user id or project name', () => {
    for (const who of ['ann', 'u1', 'lab-ann']) expect(selectLabs([found('ann')], { learners: [who] })).toHaveLength(1);
    expect(selectLabs([found('ann')], { learners: ['bob'] })).toHaveLength(0);
  });
});
