import { describe, expect, it } from 'vitest';
import { EndpointNotFoundError } from '../errors';
import { selectEndpoint } from './catalog';
import type { CatalogService } from './results';

const catalog: CatalogService[] = [
  {
    type: 'identity',
    endpoints: [
      { interface: 'public', region_id: 'RegionOne', region: 'RegionOne', url: 'https://k1:5000/v3' },
      { interface: 'internal', region_id: 'RegionOne', region: 'RegionOne', url: 'http://k1-int:5000/v3' },
    ],
  },
  {
    type: 'orchestration',
    endpoints: [
      { interface: 'public', region_id: 'RegionOne', url: 'https://h1/v1/p' },
      { interface: 'public', region_id: 'RegionTwo', url: 'https://h2/v1/p' },
      { interface: 'admin', region_id: 'RegionOne', url: 'http://h1-adm/v1/p' },
    ],
  },
];

function failure(fn: () => unknown): EndpointNotFoundError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EndpointNotFoundError) return error;
    throw error;
  }
  throw new Error('expected EndpointNotFoundError');
}

describe('selectEndpoint', () => {
  it('picks the endpoint matching type, interface and region', () => {
    expect(selectEndpoint(catalog, { type: 'orchestration', interface: 'public', region: 'RegionTwo' })).toBe('https://h2/v1/p');
    expect(selectEndpoint(catalog, { type: 'orchestration', interface: 'admin' })).toBe('http://h1-adm/v1/p');
    expect(selectEndpoint(catalog, { type: 'identity', interface: 'internalURL' })).toBe('http://k1-int:5000/v3');
  });

  it('refuses to guess between regions, naming the candidates', () => {
    const error = failure(() => selectEndpoint(catalog, { type: 'orchestration', interface: 'public' }));
    expect(error.ambiguous).toBe(true);
    expect(error.message).toContain('https://h1/v1/p');
    expect(error.message).toContain('https://h2/v1/p');
    expect(error.message).toMatch(/region_name/);
  });

  it('names what it looked for and what the catalog has when nothing matches', () => {
    const error = failure(() => selectEndpoint(catalog, { type: 'orchestration', interface: 'internal', region: 'RegionOne' }));
    expect(error.ambiguous).toBe(false);
    expect(error.message).toContain('type "orchestration", interface "internal", region "RegionOne"');
    expect(error.message).toContain('orchestration admin RegionOne http://h1-adm/v1/p');
    expect(failure(() => selectEndpoint([], { type: 'orchestration', interface: 'public' })).message).toMatch(/It has: nothing/);
  });

  it('matches the legacy region field when region_id is absent', () => {
    const legacy: CatalogService[] = [{ type: 'orchestration', endpoints: [{ interface: 'public', region: 'Old', url: 'https://old' }] }];
    expect(selectEndpoint(legacy, { type: 'orchestration', interface: 'public', region: 'Old' })).toBe('https://old');
  });
});
