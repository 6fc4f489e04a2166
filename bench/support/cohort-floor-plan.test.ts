import { describe, expect, it } from 'vitest';
import { cohortFloorPlan } from './cohort-floor-plan';
import type { TimingLine } from './http-timing-preload';

const http = (at: number, method: string, path: string): TimingLine => ({ kind: 'http', at, method, path, status: 200 });

describe("the cohort floor's plan, read off a listing's exchanges", () => {
  it("places Keystone's GETs, each project's stacks and its labs' events, and leaves the tokens to the floor", () => {
    const plan = cohortFloorPlan(
      [
        http(10, 'POST', '/v3/auth/tokens'),
        http(60, 'GET', '/v3/auth/projects'),
        http(61, 'GET', '/v3/users?domain_id=default'),
        http(80, 'POST', '/v3/auth/tokens'),
        http(95, 'GET', '/v1/p2/stacks?tags=lc%2Clc-course%3Dc'),
        http(90, 'GET', '/v1/p1/stacks?tags=lc%2Clc-course%3Dc'),
        http(130, 'GET', '/v1/p1/stacks/lc-c-b/2/events?resource_name=lc-c-b&marker=e9'),
        http(120, 'GET', '/v1/p1/stacks/lc-c-a/1/events?resource_name=lc-c-a'),
        { kind: 'exit', at: 200 },
      ],
      '/v3/',
    );
    expect(plan).toEqual({
      keystone: [{ path: '/v3/auth/projects' }, { path: '/v3/users?domain_id=default', domain: 'default' }],
      projects: [
        {
          id: 'p1',
          stacks: '/v1/p1/stacks?tags=lc%2Clc-course%3Dc',
          events: ['/v1/p1/stacks/lc-c-a/1/events?resource_name=lc-c-a', '/v1/p1/stacks/lc-c-b/2/events?resource_name=lc-c-b&marker=e9'],
        },
        { id: 'p2', stacks: '/v1/p2/stacks?tags=lc%2Clc-course%3Dc', events: [] },
      ],
    });
  });

  it('refuses a request it would not replay, so the floor never sends less than the listing did', () => {
    expect(() => cohortFloorPlan([http(1, 'GET', '/v1/p1/stacks/lc-c-a/1/resources')], '/v3')).toThrow(
      'a request the cohort floor does not replay: GET /v1/p1/stacks/lc-c-a/1/resources',
    );
    expect(() => cohortFloorPlan([http(1, 'GET', '/v1/p1/stacks/lc-c-a/1/events')], '/v3')).toThrow('events read without its stacks');
  });
});
