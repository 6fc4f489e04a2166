/** Where this tab keeps browser mode's access token (sessionStorage: one tab, one origin, kept across reloads). */
export const ACCESS_TOKEN_KEY = 'lab-console.access-token';

/**
 * Browser mode's access token: from the printed URL on first load (then taken out of the address
 * bar, out of screenshots and shared screens), else from this tab's sessionStorage. Not a cookie:
 * cookies ignore ports, so every other web server on 127.0.0.1 the browser visits would get it.
 */
export function takeAccessToken(
  location: Pick<Location, 'search' | 'pathname' | 'hash'>,
  history: Pick<History, 'replaceState'>,
  storage: Storage | undefined,
): string | undefined {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    history.replaceState(null, '', `${location.pathname}${location.hash}`);
    try {
      storage?.setItem(ACCESS_TOKEN_KEY, fromUrl);
    } catch {
      // Storage refused (full or disabled): this page still works; a reload will need the URL again.
    }
    return fromUrl;
  }
  try {
    return storage?.getItem(ACCESS_TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The `/api` or `/stream` address of the app that served this page, with the token as a query parameter. */
export function socketUrl(
  location: Pick<Location, 'protocol' | 'host'>,
  path: string,
  query: Record<string, string>,
  token: string,
): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}?${new URLSearchParams({ ...query, token }).toString()}`;
}
