import { existsSync } from 'node:fs';
import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { CLI_COMMANDS } from './cli-commands';
import { invokedCommand, runCli } from './cli-main';
import { homeLayout } from '../store/home';
import type { CliRunContext } from './cli-run-context';
import { CliText } from './cli-text';
import { tempHome } from '../../../test/support/temp-home';

const globals = new Command().option('--home <dir>').option('--json').option('--os-cloud <name>').option('-v, --verbose');

describe('which command a lab-console run loads', () => {
  it('finds the command after the global options and their values', () => {
    expect(invokedCommand(globals, ['--home', 'cloud', '--json', 'course', 'list'])).toBe('course');
    expect(invokedCommand(globals, ['--os-cloud', 'lab', '-v', 'cloud', 'check', '--os-cloud', 'x'])).toBe('cloud');
    expect(invokedCommand(globals, ['--home=/tmp/h', 'jobs', 'list'])).toBe('jobs');
  });

  it('loads the target of `help X`, and nothing for options alone or after --', () => {
    expect(invokedCommand(globals, ['help', 'lab'])).toBe('lab');
    expect(invokedCommand(globals, ['help'])).toBeUndefined();
    expect(invokedCommand(globals, ['--version'])).toBeUndefined();
    expect(invokedCommand(globals, ['--', 'cloud'])).toBeUndefined();
  });
});

describe('the command list of lab-console --help', () => {
  it('says of each command what its own module declares (name, usage term, description)', async () => {
    const context = (): CliRunContext => {
      throw new Error('no command runs here');
    };
    const text = new CliText('en');
    for (const entry of CLI_COMMANDS) {
      const command = await entry.load(context, { waitForStop: async () => undefined, text });
      expect({ name: command.name(), term: new Help().subcommandTerm(command), description: command.description() }).toEqual({
        name: entry.name,
        term: entry.term,
        description: entry.description(text.t),
      });
    }
  });

  it('lists every command in --help without loading them, and runs a cloud command without the app', async () => {
    const home = tempHome();
    try {
      let out = '';
      const streams = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t) };
      expect(await runCli(['--home', home.path, '--help'], { streams, env: {} })).toBe(0);
      for (const entry of CLI_COMMANDS) expect(out).toContain(`  ${entry.term}`);
      out = '';
      expect(
        await runCli(['--home', home.path, '--json', 'cloud', 'list'], {
          streams,
          env: { OS_CLIENT_CONFIG_FILE: '/nonexistent/clouds.yaml' },
        }),
      ).toBe(0);
      expect(JSON.parse(out)).toEqual({ clouds: [] });
      // The cloud commands open settings and secrets only: no SQLite store was created.
      expect(existsSync(homeLayout(home.path).database)).toBe(false);
    } finally {
      home.remove();
    }
  });
});
