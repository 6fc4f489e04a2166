import { app } from 'electron';
import { resolve } from 'node:path';
import { DEEP_LINK_SCHEME } from '../shared/deep-link/deep-link';

/** The labconsole:// link among a launch's arguments (Windows and Linux hand it to the new process). */
export function linkInArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`));
}

/**
 * Makes the app the handler of labconsole:// links and routes each one it gets: macOS sends
 * `open-url`; Windows and Linux start a second instance with the link in its argv, which the
 * single-instance lock turns into `second-instance` here (the first window comes to the front).
 */
export function registerDeepLinks(options: { route: (url: string) => void; focus: () => void }): void {
  // Reviewed: every link that arrives is parsed by parseDeepLink (src/shared/deep-link) before it
  // does anything; only open-a-course and enrol-over-https-after-asking exist.
  // Run from a checkout (`electron .`), the OS must start Electron with the app's folder.
  const fromCheckout = Boolean(process.defaultApp && process.argv[1]);
  const args = fromCheckout ? [resolve(process.argv[1]!)] : [];
  app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, args); // eng-disable PROTOCOL_HANDLER_JS_CHECK
  app.on('open-url', (event, url) => {
    event.preventDefault();
    options.focus();
    options.route(url);
  });
  app.on('second-instance', (_event, argv) => {
    options.focus();
    const link = linkInArgv(argv);
    if (link) options.route(link);
  });
}
