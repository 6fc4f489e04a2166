import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

const LAUNCHER = join(REPO_ROOT, 'bin', 'lab-console');

/**
 * `lab-console --help | head -2`: the reader leaves before the output is all written. The command
 * ends quietly, as a command line tool does when its reader goes, not with node's EPIPE trace.
 */
describe('output into a pipe whose reader has gone', () => {
  it.each([
    ['bin/lab-console', [LAUNCHER]],
    ['bin/lab-console.js', [process.execPath, CLI]],
  ])('%s --help ends quietly', async (_name, command) => {
    const home = tempHome();
    try {
      const [file, ...args] = command as [string, ...string[]];
      const child = spawn(file, [...args, '--home', home.path, '--help'], { cwd: REPO_ROOT });
      // The reading end closed before the command writes: its first write meets a closed pipe.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    } finally {
      home.remove();
    }
  });
});
