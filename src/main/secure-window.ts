import { BrowserWindow, shell, type WebContents } from 'electron';
import { APP_ORIGIN } from './app-protocol';

/** Only http(s) and mailto links leave the app, and only to the system browser. */
export function isExternalUrl(url: string): boolean {
  try {
    return ['https:', 'http:', 'mailto:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/**
 * Where a frame of the app's page may go: a web page of the lab, in its Lab tab, comes from its
 * console's own origin, plain http on a port of 127.0.0.1 (src/core/connect/web/service-proxy.ts).
 * That origin is not the app's, and the preload runs in the main frame only: the page gets neither.
 */
export function isLabPageUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && parsed.hostname === '127.0.0.1' && parsed.port !== '';
  } catch {
    return false;
  }
}

/** The main frame stays on the app; a frame in it, on a lab page's console. */
const mayGo = (isMainFrame: boolean | undefined, url: string): boolean =>
  isMainFrame === false ? isLabPageUrl(url) : url.startsWith(APP_ORIGIN);

function lockNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(APP_ORIGIN)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!mayGo(event.isMainFrame, event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!mayGo(event.isMainFrame, url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    // Reviewed: only http(s) and mailto URLs reach the system's handler (isExternalUrl).
    if (isExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isGranted(permission, details.requestingUrl)),
  );
  contents.session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isGranted(permission, requestingOrigin));
}

/**
 * The clipboard (Copy on code blocks and diagnostics, the terminal's copy and paste) is all our UI
 * needs; every other permission (camera, notifications, HID, …) and any other page is refused.
 */
export function isGranted(permission: string, requestingUrl: string | undefined): boolean {
  const ownUi = requestingUrl === APP_ORIGIN || (requestingUrl ?? '').startsWith(`${APP_ORIGIN}/`);
  return ownUi && (permission === 'clipboard-sanitized-write' || permission === 'clipboard-read');
}

/** `restore`: the size and place the window had last time (window-state.ts), when still on a screen. */
export function createMainWindow(
  preloadPath: string,
  restore?: { x: number; y: number; width: number; height: number; maximized: boolean },
): BrowserWindow {
  const window = new BrowserWindow({
    width: restore?.width ?? 1280,
    height: restore?.height ?? 820,
    ...(restore ? { x: restore.x, y: restore.y } : {}),
    minWidth: 900,
    minHeight: 560,
    title: 'Lab Console',
    show: false,
    webPreferences: {
      // Reviewed: the preload requires only electron and exposes the contract's call/on (src/main/preload.ts).
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Middle-click would open links in new windows outside the window-open handler.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  lockNavigation(window.webContents);
  window.once('ready-to-show', () => {
    if (restore?.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
