import { expect, it } from 'vitest';
import type { AppContext, AppContextOptions } from '../app/app-context';
import { silentLogger } from '../log/logger';
import type { SettingsStore } from '../settings/settings-store';
import type { SecretStore } from '../store/secret-store';
import { CliRunContext, type CliServices } from './cli-run-context';

const streams = { stdout: () => undefined, stderr: () => undefined };

/** A run whose app factory records what it was asked for, and the services a command built before it. */
function run() {
  const asked: AppContextOptions[] = [];
  const app = { settings: {}, secrets: {}, logger: silentLogger.child('app') } as unknown as AppContext;
  const ctx = new CliRunContext({ home: '/nonexistent-lab-console-home' }, streams, {}, (options) => {
    asked.push(options);
    return app;
  });
  const services: CliServices = { settings: {} as SettingsStore, secrets: {} as SecretStore, logger: silentLogger.child('cli') };
  return { ctx, asked, app, services };
}

it('builds the services without opening the app, and the app then writes the same cli log', () => {
  const { ctx, asked, services } = run();
  expect(ctx.cliServices(() => services)).toBe(services);
  expect(asked).toEqual([]);
  ctx.app();
  expect(asked[0]?.logger).toBe(services.logger);
});

it('hands the app’s own services once the app is open', () => {
  const { ctx, app, services } = run();
  ctx.app();
  expect(ctx.cliServices(() => services).settings).toBe(app.settings);
});

it('leaves the worker’s and browser mode’s logs to the app', () => {
  const { ctx, asked, services } = run();
  ctx.cliServices(() => services);
  ctx.app('worker');
  expect(asked[0]?.logger).toBeUndefined();
});
