import { Command, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { ServeStarted } from '../../../shared/cli/serve';
import { startControlSocket } from '../../app/control-socket';
import { routeDeepLink } from '../../app/deep-link-router';
import { packageRoot } from '../../app/package-root';
import { processSecrets } from '../../log/secret-values';
import type { CliContext } from '../cli-context';
import { CliText } from '../cli-text';

export function parsePort(value: string, text: CliText = new CliText('en')): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(text.t('serve.badPort'));
  return port;
}

/** The browser mode is loaded lazily so other commands don't pay for the HTTP/WebSocket stack. */
export function serveCommand(context: () => CliContext, waitForStop: (stop: () => Promise<void>) => Promise<void>, text: CliText): Command {
  const { t } = text;
  return new Command('serve')
    .description(t('serve.description'))
    .option('-p, --port <port>', t('serve.port'), (value) => parsePort(value, text), 0)
    .option('--renderer <dir>', t('serve.renderer'))
    .addHelpText('after', `\n${t('serve.after')}`)
    .action(async (options: { port: number; renderer?: string }) => {
      const ctx = context();
      const [{ startBrowserServer }, { guardServeProcess }] = await Promise.all([
        import('../../../server/browser-server'),
        import('../../../server/process-guard'),
      ]);
      const app = ctx.app('server', 'browser');
      const rendererDir = options.renderer ?? join(packageRoot(), 'dist', 'renderer');
      const server = await startBrowserServer({ context: app, rendererDir, port: options.port });
      // `lab-console open labconsole://…` reaches the open browser tabs through the data folder's control socket.
      const control = await startControlSocket({
        home: app.home.root,
        logger: app.logger.child('control'),
        open: (link) => routeDeepLink(link, { events: app.events }),
      }).catch((error: unknown) => {
        app.logger.warn('control socket not started: lab-console open cannot reach this server', { error: String(error) });
        return undefined;
      });
      // Before the first request can arrive: a logged URL or cookie must not carry the access token.
      processSecrets.add(server.token);
      // Stopping browser mode is quitting the app: running labs are suspended, as on a desktop quit.
      // Ctrl+C and a fatal error both come here; only the first runs it.
      let stopping: Promise<void> | undefined;
      const stop = (): Promise<void> =>
        (stopping ??= (async () => {
          await control?.close();
          await server.close();
          await app.stopLabs({ suspendLabs: true, graceMs: 20_000 });
        })());
      const unguard = guardServeProcess({
        logger: app.logger.child('server'),
        stop,
        tell: (line) => ctx.streams.stderr(`${line}\n`),
        exit: (code) => {
          ctx.close();
          process.exit(code);
        },
      });
      ctx.out.result(ServeStarted, { url: server.url, port: server.port, home: app.home.root }, (s) =>
        [t('serve.running'), '', `  ${s.url}`, '', t('serve.dataFolder', { home: s.home })].join('\n'),
      );
      await waitForStop(stop);
      unguard();
    });
}
