import { describe, expect, it } from 'vitest';
import { authUpdate, getBoolean, mergeClouds, normalizeKeys } from './merge';

describe('mergeClouds (how secure.yaml lands on clouds.yaml)', () => {
  it('merges nested mappings, the new value winning, without touching its inputs', () => {
    const clouds = { clouds: { a: { auth: { username: 'u', auth_url: 'x' }, region_name: 'r' } } };
    const secure = { clouds: { a: { auth: { password: 'p', username: 'v' } }, b: { auth: { password: 'q' } } } };
    expect(mergeClouds(clouds, secure)).toEqual({
      clouds: { a: { auth: { username: 'v', auth_url: 'x', password: 'p' }, region_name: 'r' }, b: { auth: { password: 'q' } } },
    });
    expect(clouds.clouds.a.auth).toEqual({ username: 'u', auth_url: 'x' });
  });

  it('replaces lists and scalars whole', () => {
    expect(mergeClouds({ regions: ['a', 'b'], verify: true }, { regions: ['c'], verify: false })).toEqual({
      regions: ['c'],
      verify: false,
    });
  });
});

describe('authUpdate', () => {
  it('updates auth key by key and everything else wholesale', () => {
    const target = { auth: { username: 'u', project_name: 'p' }, interface: 'public' };
    expect(authUpdate(target, { auth: { password: 'x' }, interface: 'internal' })).toEqual({
      auth: { username: 'u', project_name: 'p', password: 'x' },
      interface: 'internal',
    });
  });
});

describe('normalizeKeys', () => {
  it('turns "-" into "_" at every depth and numbers into text, except api_timeout', () => {
    expect(
      normalizeKeys({ 'region-name': 'r', auth: { 'project-id': 42 }, api_timeout: 30, identity_api_version: 3, verify: false }),
    ).toEqual({
      region_name: 'r',
      auth: { project_id: '42' },
      api_timeout: 30,
      identity_api_version: '3',
      verify: false,
    });
  });
});

describe('getBoolean', () => {
  it('is true only for true and "true" in any case', () => {
    expect([true, 'True', 'TRUE', 'yes', '1', 1, false, undefined].map(getBoolean)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
