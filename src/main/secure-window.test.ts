import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A recording stand-in for the Electron objects the window uses (Electron cannot run here). */
const recorded = vi.hoisted(() => ({
  options: undefined as undefined | { webPreferences: Record<string, unknown> },
  listeners: new Map<string, (...args: unknown[]) => void>(),
  openHandler: undefined as undefined | ((details: { url: string }) => { action: string }),
  requestHandler: undefined as
    undefined | ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void),
  checkHandler: undefined as undefined | ((contents: unknown, permission: string, origin: string) => boolean),
  opened: [] as string[],
  loaded: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      on: (event: string, listener: (...args: unknown[]) => void) => recorded.listeners.set(event, listener),
      setWindowOpenHandler: (handler: typeof recorded.openHandler) => (recorded.openHandler = handler),
      session: {
        setPermissionRequestHandler: (handler: typeof recorded.requestHandler) => (recorded.requestHandler = handler),
        setPermissionCheckHandler: (handler: typeof recorded.checkHandler) => (recorded.checkHandler = handler),
      },
    };
    constructor(options: typeof recorded.options) {
      recorded.options = options;
    }
    once(): void {}
    show(): void {}
    loadURL(url: string): Promise<void> {
      recorded.loaded.push(url);
      return Promise.resolve();
    }
  }
  return {
    BrowserWindow,
    shell: { openExternal: (url: string) => (recorded.opened.push(url), Promise.resolve()) },
    net: {},
    protocol: {},
  };
});

const { createMainWindow } = await import('./secure-window');

function prevented(event: string, url: string, isMainFrame?: boolean): boolean {
  const event_ = {
    url,
    ...(isMainFrame !== undefined ? { isMainFrame } : {}),
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
  recorded.listeners.get(event)!(event_, url);
  return event_.defaultPrevented;
}

describe('the main window', () => {
  beforeEach(() => {
    recorded.opened = [];
    createMainWindow('/app/dist/main/preload.cjs');
  });

  it('isolates and sandboxes its page, without Node, webviews or middle-click windows', () => {
    expect(recorded.options!.webPreferences).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(recorded.loaded).toEqual(['app://lab-console/index.html']);
  });

  it('stays on the app: navigation and redirects elsewhere are stopped, webviews refused', () => {
    expect(prevented('will-navigate', 'app://lab-console/index.html#/lab')).toBe(false);
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(prevented('will-attach-webview', 'app://lab-console/')).toBe(true);
  });

  it("lets a lab page's frame go only to a console on a port of 127.0.0.1, never the main frame", () => {
    expect(prevented('will-frame-navigate', 'http://127.0.0.1:41234/.lab-console/enter/x', false)).toBe(false);
    expect(prevented('will-redirect', 'http://127.0.0.1:41234/dashboard/', false)).toBe(false);
    for (const url of [
      'https://evil.example/',
      'http://localhost:41234/',
      'http://127.0.0.1/',
      'file:///etc/passwd',
      'app://lab-console/index.html',
    ]) {
      expect(prevented('will-frame-navigate', url, false)).toBe(true);
    }
    expect(prevented('will-frame-navigate', 'http://127.0.0.1:41234/', true)).toBe(true);
  });

  it('opens no window: web links go to the system browser, anything else nowhere', () => {
    for (const url of [
      'https://docs.openstack.org/',
      'mailto:help@example.org',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
    ]) {
      expect(recorded.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(recorded.opened).toEqual(['https://docs.openstack.org/', 'mailto:help@example.org']);
  });

  it('grants the clipboard to its own UI only, and no other permission', () => {
    const request = (permission: string, requestingUrl: string): boolean => {
      let granted: boolean | undefined;
      recorded.requestHandler!({}, permission, (answer) => (granted = answer), { requestingUrl });
      return granted!;
    };
    expect(request('clipboard-sanitized-write', 'app://lab-console/index.html')).toBe(true);
    expect(request('clipboard-read', 'app://lab-console/index.html')).toBe(true);
    expect(request('clipboard-read', 'https://evil.example/')).toBe(false);
    expect(request('clipboard-sanitized-write', 'app://lab-console.evil/')).toBe(false);
    for (const permission of ['media', 'notifications', 'geolocation', 'hid', 'openExternal', 'fullscreen']) {
      expect(request(permission, 'app://lab-console/index.html')).toBe(false);
      expect(recorded.checkHandler!({}, permission, 'app://lab-console')).toBe(false);
    }
    expect(recorded.checkHandler!({}, 'clipboard-sanitized-write', 'app://lab-console')).toBe(true);
  });
});
