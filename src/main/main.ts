import './relay-heap-flags';
import { app, powerMonitor, screen, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../core/app/app-context';
import { startControlSocket, type ControlSocket } from '../core/app/control-socket';
import { routeDeepLink } from '../core/app/deep-link-router';
import { resolveHome } from '../core/store/home';
import { packageRoot } from '../core/app/package-root';
import type { AppCommandId } from '../shared/commands/app-commands';
import { parseDeepLink } from '../shared/deep-link/deep-link';
import { installApplicationMenu } from './app-menu';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { createAppTray } from './app-tray';
import { keepInTrayOnClose } from './close-to-tray';
import { linkInArgv, registerDeepLinks } from './deep-link-glue';
import { desktopTranslator } from './desktop-language';
import { showLabNotifications } from './desktop-notifications';
import { electronStoreBackend } from './electron-settings';
import { wireIpc } from './ipc';
import { wireStreamPorts } from './stream-ports';
import { electronSqliteBinding } from './native-binding';
import { safeStorageCipher } from './safe-storage-cipher';
import { createMainWindow } from './secure-window';
import { loadWindowState, trackWindowState } from './window-state';

function homeArgument(argv: readonly string[]): string | undefined {
  const index = argv.indexOf('--home');
  return index >= 0 ? argv[index + 1] : argv.find((a) => a.startsWith('--home='))?.slice('--home='.length);
}

const home = resolveHome(homeArgument(process.argv));
// One data folder for the app, the CLI and browser mode.
app.setPath('userData', home);
// Every renderer sandboxed, not only the windows that ask for it.
app.enableSandbox();
registerAppScheme();

// A second launch (a labconsole:// link on Windows and Linux) hands its argv to the first and quits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | undefined;
  let context: AppContext | undefined;
  let control: ControlSocket | undefined;
  // Links that arrive before the window can take them (macOS sends open-url before ready).
  const pendingLinks: string[] = [];
  const windowStateFile = join(home, 'window-state.json');
  let stopping = false;

  const focus = (): void => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const route = (url: string): void => {
    if (!context || !window) return void pendingLinks.push(url);
    const parsed = parseDeepLink(url);
    if (!parsed.ok) {
      context.logger.warn('refused a labconsole link', { error: parsed.error });
      context.events.emit('app.notice', { level: 'error', text: parsed.error });
      return;
    }
    routeDeepLink(parsed.link, { events: context.events, focus });
  };
  registerDeepLinks({ route, focus });
  const firstLink = linkInArgv(process.argv);
  if (firstLink) pendingLinks.push(firstLink);

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  void app.whenReady().then(async () => {
    const root = packageRoot();
    const cipher = safeStorageCipher();
    const running = (context = createAppContext({
      home,
      mode: 'electron',
      logName: 'main',
      settingsBackend: electronStoreBackend(home),
      extraCiphers: cipher ? [cipher] : [],
      nativeBinding: electronSqliteBinding(root),
      versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '' },
    }));
    serveRenderer(join(root, 'dist', 'renderer'));
    wireIpc(running, () => window);
    wireStreamPorts(running.sessions, running.logger.child('stream'));
    const restore = loadWindowState(
      windowStateFile,
      screen.getAllDisplays().map((d) => d.workArea),
    );
    window = createMainWindow(join(root, 'dist', 'main', 'preload.cjs'), restore);
    trackWindowState(window, windowStateFile);
    keepInTrayOnClose(window, {
      runningLabs: () =>
        running
          .labs()
          .store.list()
          .filter((lab) => lab.group === 'up').length,
      settings: () => running.settings.get(),
      markExplained: () => void running.settings.update({ trayExplained: true }),
      translator: () => translator(),
      quitting: () => stopping,
    });
    const translator = () => desktopTranslator(running.settings.get().language);
    const openLab = (courseId: string): void => {
      focus();
      routeDeepLink({ action: 'open', courseId }, { events: running.events });
    };
    const menuActions = {
      run: (id: AppCommandId) => running.events.emit('app.command', { id }),
      openPalette: () =>
        window?.webContents.sendInputEvent({
          type: 'keyDown',
          keyCode: 'P',
          modifiers: [process.platform === 'darwin' ? 'meta' : 'control', 'shift'],
        }),
    };
    let menuLanguage = translator();
    installApplicationMenu(process.platform, menuLanguage, menuActions);
    const tray = createAppTray({
      iconPath: join(root, 'dist', 'icons', 'tray.png'),
      labs: () => running.labs().store.list(),
      translator,
      cost: (courseId) => running.labs().cost(courseId),
      actions: { openLab, suspendAll: () => running.labs().policies.suspendAll(), show: focus, quit: () => app.quit() },
    });
    running.events.subscribe((name) => {
      if (name === 'lab.changed') void tray.refresh();
      // Settings › Language: the menu and the tray follow at once.
      if (name === 'settings.changed' && translator() !== menuLanguage) {
        menuLanguage = translator();
        installApplicationMenu(process.platform, menuLanguage, menuActions);
        void tray.refresh();
      }
    });
    showLabNotifications({
      events: running.events,
      off: () => running.settings.get().notificationsOff ?? [],
      windowHidden: () => !window || !window.isVisible() || window.isMinimized() || !window.isFocused(),
      translator,
      openLab,
      keepRunning: (courseId) => running.labs().policies.activity(courseId),
    });
    control = await startControlSocket({
      home,
      logger: running.logger.child('control'),
      open: (link) => routeDeepLink(link, { events: running.events, focus }),
    }).catch((error: unknown) => {
      running.logger.warn('control socket not started: lab-console open cannot reach this app', { error: String(error) });
      return undefined;
    });
    // OS sleep: suspend like an idle timeout would, since nobody can use the lab while the laptop sleeps.
    powerMonitor.on('suspend', () => {
      if (context) context.labs().policies.suspendAll();
    });
    window.on('closed', () => {
      window = undefined;
    });
    window.webContents.once('did-finish-load', () => {
      for (const url of pendingLinks.splice(0)) route(url);
    });
  });

  app.on('window-all-closed', () => app.quit());

  // Quitting suspends running labs first (a running lab nobody uses still costs money).
  app.on('before-quit', (event) => {
    if (stopping || !context) return;
    event.preventDefault();
    stopping = true;
    const running = context;
    void Promise.resolve(control?.close())
      .then(() => running.stopLabs({ suspendLabs: true, graceMs: 20_000 }))
      .finally(() => {
        running.close();
        context = undefined;
        app.quit();
      });
  });
}
