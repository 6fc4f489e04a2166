import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_KEY, socketUrl, takeAccessToken } from './access-token';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, value),
  };
}

const refusing = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
} as unknown as Storage;

describe('takeAccessToken', () => {
  it('takes the token from the printed URL, keeps it in the tab, and takes it out of the address bar', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const token = takeAccessToken(
      { search: '?token=abc123', pathname: '/', hash: '#/settings' },
      { replaceState: (_s, _t, url) => replaced.push(String(url)) },
      storage,
    );
    expect(token).toBe('abc123');
    expect(storage.getItem(ACCESS_TOKEN_KEY)).toBe('abc123');
    expect(replaced).toEqual(['/#/settings']);
  });

  it('after a reload (no token in the address) reads it from the tab', () => {
    const storage = memoryStorage();
    storage.setItem(ACCESS_TOKEN_KEY, 'abc123');
    expect(takeAccessToken({ search: '', pathname: '/', hash: '' }, { replaceState: () => undefined }, storage)).toBe('abc123');
  });

  it('a newer token in the address replaces the one the tab kept (the app was restarted)', () => {
    const storage = memoryStorage();
    storage.setItem(ACCESS_TOKEN_KEY, 'old');
    expect(takeAccessToken({ search: '?token=new', pathname: '/', hash: '' }, { replaceState: () => undefined }, storage)).toBe('new');
    expect(storage.getItem(ACCESS_TOKEN_KEY)).toBe('new');
  });

  it('without a token anywhere, or with storage refused, says so instead of throwing', () => {
    expect(takeAccessToken({ search: '', pathname: '/', hash: '' }, { replaceState: () => undefined }, memoryStorage())).toBeUndefined();
    expect(takeAccessToken({ search: '', pathname: '/', hash: '' }, { replaceState: () => undefined }, refusing)).toBeUndefined();
    expect(takeAccessToken({ search: '?token=t', pathname: '/', hash: '' }, { replaceState: () => undefined }, refusing)).toBe('t');
    expect(takeAccessToken({ search: '', pathname: '/', hash: '' }, { replaceState: () => undefined }, undefined)).toBeUndefined();
  });
});

describe('socketUrl', () => {
  it('addresses the app that served the page, with the token and the other parameters encoded', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:8080' }, '/stream', { session: 'abc&x' }, 't/ok')).toBe(
      'ws://127.0.0.1:8080/stream?session=abc%26x&token=t%2Fok',
    );
    expect(socketUrl({ protocol: 'https:', host: 'localhost:1' }, '/api', {}, 't')).toBe('wss://localhost:1/api?token=t');
  });
});
