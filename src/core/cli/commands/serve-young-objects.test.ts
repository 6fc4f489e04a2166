import { describe, expect, it, vi } from 'vitest';
import type { CliContext } from '../cli-context';
import { CliText } from '../cli-text';
import { serveCommand } from './serve';

const calls: string[] = [];

vi.mock('../../memory/young-relay-objects', () => ({
  keepRelayObjectsYoung: () => calls.push('keepRelayObjectsYoung'),
}));
vi.mock('../../../server/browser-server', () => ({
  startBrowserServer: () => {
    calls.push('startBrowserServer');
    return Promise.reject(new Error('stop here'));
  },
}));

describe('serve', () => {
  it('turns allocation-site pretenuring off before the server can open a remote desktop', async () => {
    const context = { app: () => ({}) } as unknown as CliContext;
    const command = serveCommand(
      () => context,
      () => Promise.resolve(),
      new CliText('en'),
    );
    await expect(command.parseAsync([], { from: 'user' })).rejects.toThrow('stop here');
    expect(calls).toEqual(['keepRelayObjectsYoung', 'startBrowserServer']);
  });
});
