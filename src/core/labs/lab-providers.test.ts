import { describe, expect, it } from 'vitest';
import type { Lab } from '../../shared/course/course-manifest';
import { labSourcesFor, providerOrder } from './lab-providers';

const lab = (providers?: Lab['providers']): Lab => ({
  template: 'lab/lab.yaml',
  environment: 'lab/env.yaml',
  ...(providers ? { providers } : {}),
  parameters: {},
  connections: [],
  tabs: [],
  timeouts: { launch_timeout: 900, suspend_timeout: 120, max_session: null, delete_age: null, max_extensions: 0, extension: 1800 },
  services: [],
  hooks: { before_suspend: null, after_resume: null, before_delete: null },
});

describe("a course's preferred clouds over the learner's", () => {
  it("tries the clouds the course names first, in its order, then the learner's others", () => {
    const course = lab([
      { cloud: 'east', template: null, environment: 'lab/east.yaml' },
      { cloud: 'gone', template: null, environment: null },
      { cloud: 'west', template: 'lab/west.yaml', environment: null },
    ]);
    expect(providerOrder(course, ['home', 'west', 'east'])).toEqual({ order: ['east', 'west', 'home'], missing: ['gone'] });
    expect(providerOrder(lab(), ['home', 'west'])).toEqual({ order: ['home', 'west'], missing: [] });
  });

  it("uses a cloud's own template and environment where the course gives them, the lab's otherwise", () => {
    const course = lab([
      { cloud: 'east', template: null, environment: 'lab/east.yaml' },
      { cloud: 'west', template: 'lab/west.yaml', environment: null },
    ]);
    expect(labSourcesFor(course, 'east')).toEqual({ template: 'lab/lab.yaml', environment: 'lab/east.yaml' });
    expect(labSourcesFor(course, 'west')).toEqual({ template: 'lab/west.yaml', environment: 'lab/env.yaml' });
    expect(labSourcesFor(course, 'home')).toEqual({ template: 'lab/lab.yaml', environment: 'lab/env.yaml' });
  });
});
