import { app, powerMonitor, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../core/app/app-context';
import { resolveHome } from '../core/store/home';
import { packageRoot } from '../core/app/package-root';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { electronStoreBackend } from './electron-settings';
import { wireIpc } from './ipc';
import { wireStreamPorts } from './stream-ports';
import { electronSqliteBinding } from './native-binding';
import { safeStorageCipher } from './safe-storage-cipher';
import { createMainWindow } from './secure-window';

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

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | undefined;
  let context: AppContext | undefined;

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  void app.whenReady().then(() => {
    const root = packageRoot();
    const cipher = safeStorageCipher();
    context = createAppContext({
      home,
      mode: 'electron',
      logName: 'main',
      settingsBackend: electronStoreBackend(home),
      extraCiphers: cipher ? [cipher] : [],
      nativeBinding: electronSqliteBinding(root),
      versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '' },
    });
    serveRenderer(join(root, 'dist', 'renderer'));
    wireIpc(context, () => window);
    wireStreamPorts(context.sessions, context.logger.child('stream'));
    window = createMainWindow(join(root, 'dist', 'main', 'preload.cjs'));
    // OS sleep: suspend like an idle timeout would, since nobody can use the lab while the laptop sleeps.
    powerMonitor.on('suspend', () => {
      if (context) context.labs().policies.suspendAll();
    });
    window.on('closed', () => {
      window = undefined;
    });
  });

  app.on('window-all-closed', () => app.quit());

  // Quitting suspends running labs first (a running lab nobody uses still costs money).
  let stopping = false;
  app.on('before-quit', (event) => {
    if (stopping || !context) return;
    event.preventDefault();
    stopping = true;
    const running = context;
    void running.stopLabs({ suspendLabs: true, graceMs: 20_000 }).finally(() => {
      running.close();
      context = undefined;
      app.quit();
    });
  });
}
