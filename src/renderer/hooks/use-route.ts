import { useEffect, useState } from 'react';

export const SCREENS = ['courses', 'lab', 'instructor', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export interface Route {
  readonly screen: Screen;
  /** What follows the screen in the hash, e.g. a course id: #/lab/linux-intro */
  readonly params: readonly string[];
}

export function parseHash(hash: string): Route {
  const [first, ...params] = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const screen = SCREENS.find((s) => s === first) ?? 'courses';
  return { screen, params };
}

export function hrefOf(screen: Screen, ...params: string[]): string {
  return `#/${[screen, ...params].map(encodeURIComponent).join('/')}`;
}

/** Hash routing: works the same from app:// in Electron and from 127.0.0.1 in browser mode. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
