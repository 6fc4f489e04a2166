import { describe, expect, it } from 'vitest';
import { labGroup } from './lab-states';
import { labStackName, labTags, parseLabTags } from './lab-identity';

describe('lab states and identity', () => {
  it('groups Heat and app states as hastexo did, with CHECK_COMPLETE up only when not after a suspend', () => {
    expect(labGroup('CREATE_COMPLETE')).toBe('up');
    expect(labGroup('RESUME_COMPLETE')).toBe('up');
    expect(labGroup('CHECK_COMPLETE', 'RESUME')).toBe('up');
    expect(labGroup('CHECK_COMPLETE', 'SUSPEND')).toBe('down');
    expect(labGroup('SUSPEND_COMPLETE')).toBe('down');
    expect(labGroup('DELETE_COMPLETE')).toBe('down');
    expect(labGroup('LAUNCH_PENDING')).toBe('pending');
    expect(labGroup('SUSPEND_PENDING')).toBe('pending');
    expect(labGroup('CREATE_IN_PROGRESS')).toBe('pending');
    expect(labGroup('LAUNCH_TIMEOUT')).toBe('failed');
    expect(labGroup('RESUME_FAILED')).toBe('failed');
  });

  it('names the stack deterministically and round-trips the tags', () => {
    expect(labStackName('intro-linux', 'abc123')).toBe('lc-intro-linux-abc123');
    const tags = labTags('intro-linux', '1.2.0', 'abc123', '0.1.0');
    expect(tags).toEqual(['lc', 'lc-course=intro-linux', 'lc-course-version=1.2.0', 'lc-user=abc123', 'lc-app=0.1.0']);
    expect(parseLabTags(tags)).toEqual({ courseId: 'intro-linux', userId: 'abc123' });
    expect(parseLabTags(['other'])).toBeUndefined();
  });
});
