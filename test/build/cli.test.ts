import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

function run(...args: string[]) {
  const home = tempHome();
  try {
    const result = spawnSync(process.execPath, [CLI, '--home', home.path, ...args], { encoding: 'utf8', cwd: REPO_ROOT });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    home.remove();
  }
}

describe('the lab-console binary', () => {
  it('prints help for the program and for serve, exiting 0', () => {
    const top = run('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Usage: lab-console');
    expect(top.stdout).toContain('serve');
    expect(top.stdout).toContain('--os-cloud');
    const serve = run('serve', '--help');
    expect(serve.code).toBe(0);
    expect(serve.stdout).toContain('Usage: lab-console serve');
    expect(serve.stdout).toContain('127.0.0.1');
  });

  it('exits 2 with a hint on an unknown command, suggesting the near one', () => {
    const result = run('serv');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'serv'");
    expect(result.stderr).toContain('Did you mean serve?');
    expect(result.stderr).toContain('lab-console --help');
  });

  it('exits 2 on a bad option value, naming it', () => {
    const result = run('serve', '--port', 'eighty');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port');
  });

  it('exits 2 at once, with no retry, when a lab, cohort or jobs command names a cloud that does not exist', () => {
    for (const args of [
      ['lab', 'reconcile'],
      ['cohort', 'list', '--course', 'intro-linux'],
      ['jobs', 'work'],
    ]) {
      const started = Date.now();
      const result = run('--os-cloud', 'no-such-cloud', ...args);
      // A job retried five times took 26 s; the process itself starts in 1–2 s on a loaded machine.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(result.stderr).toMatch(/^error: Cloud "no-such-cloud" was not found/);
      expect(result.code).toBe(2);
    }
  });

  it('prints its version', () => {
    const result = run('--version');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits only once a long output has reached a slow reader through its pipe', async () => {
    // The binary exits as soon as its command is done: what it printed must not be cut short.
    const home = tempHome();
    try {
      const clouds = Array.from(
        { length: 2000 },
        (_, i) =>
          `  cloud-${i}:\n    auth_type: password\n    auth: { auth_url: 'http://127.0.0.1:9/v3', username: u${i}, project_name: p${i} }`,
      );
      const cloudsYaml = join(home.path, 'clouds.yaml');
      writeFileSync(cloudsYaml, `clouds:\n${clouds.join('\n')}\n`);
      const child = spawn(process.execPath, [CLI, '--home', home.path, '--json', 'cloud', 'list'], {
        cwd: home.path,
        env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYaml, OS_CLIENT_SECURE_FILE: join(home.path, 'none.yaml') },
      });
      // Read nothing for a while: the pipe fills (64 KiB) long before the output is all written.
      child.stdout.pause();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const chunks: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.stdout.resume();
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect(code).toBe(0);
      const output = Buffer.concat(chunks).toString('utf8');
      expect(output.length).toBeGreaterThan(200_000);
      expect((JSON.parse(output) as { clouds: unknown[] }).clouds).toHaveLength(2000);
    } finally {
      home.remove();
    }
  });
});
