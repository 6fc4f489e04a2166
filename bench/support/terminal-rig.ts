import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { findLab } from '../../test/sandbox/lab-control';
import { readSandboxState } from '../../test/sandbox/state';
import { launchChromium } from '../../test/support/chromium';
import { learnerCli, learnerEnv } from '../../test/support/learner-cli';
import { startServe, type ServeProcess } from '../../test/support/serve-process';
import { benchCourse } from './bench-course';
import type { MemoryProbe } from './memory-probe-preload';
import { bytesReceivedFrom } from './process-tree';
import { benchTools } from './timed-process';

/**
 * A learner's terminal as the app runs it, for the memory benches: a lab of the bench's own course
 * launched through the CLI on the sandbox, `lab-console serve` (with the memory probe) and
 * Chromium showing the Terminal tab, connected. Output is made on the lab host by a typed command;
 * what reached serve is counted on the wire (its SSH connection to the lab).
 */
export class TerminalRig {
  private constructor(
    private readonly dir: string,
    private readonly cli: ReturnType<typeof learnerCli>['cli'],
    private readonly course: string,
    readonly serve: ServeProcess,
    private readonly browser: Browser,
    readonly page: Page,
    private readonly sshPort: number,
    private readonly memoryFile: string,
    /** The lab's Heat stack. */
    readonly stack: { readonly id: string; readonly name: string },
  ) {}

  static async start(course: string): Promise<TerminalRig> {
    const state = readSandboxState();
    const dir = mkdtempSync(join(tmpdir(), `lc-bench-${course}-`));
    const env = learnerEnv(state, dir, 'learner1');
    const { cli, cliOk } = learnerCli(
      () => dir,
      () => env,
    );
    // Chromium starts while the CLI imports the course and launches its lab: neither waits on the other.
    const browserStarting = launchChromium();
    let serve: ServeProcess | undefined;
    try {
      await cliOk('course', 'import', benchCourse(dir, course));
      await cliOk('lab', 'launch', course, '--wait');
      const status = JSON.parse(await cliOk('--json', 'lab', 'status', course)) as { lab: { stackId: string; stackName: string } };
      const { sshPort } = await findLab(state, status.lab.stackId);
      const { memoryProbe } = await benchTools();
      const memoryFile = join(dir, 'memory.json');
      serve = await startServe(dir, { ...env, LAB_BENCH_MEMORY_FILE: memoryFile }, ['--expose-gc', '--import', memoryProbe]);
      const browser = await browserStarting;
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const stack = { id: status.lab.stackId, name: status.lab.stackName };
      const rig = new TerminalRig(dir, cli, course, serve, browser, page, sshPort, memoryFile, stack);
      await page.goto(`${serve.url}#/lab/${course}`);
      await page.getByRole('tab', { name: 'Terminal' }).click();
      const terminal = page.locator('.terminal-view:not([hidden])');
      await terminal.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 60_000 });
      return rig;
    } catch (error) {
      await browserStarting.then((browser) => browser.close()).catch(() => undefined);
      await cli('lab', 'delete', course, '--wait').catch(() => undefined);
      await serve?.stop();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Types a command line into the terminal. */
  async type(line: string): Promise<void> {
    await this.page.locator('.terminal-view:not([hidden]) .xterm-helper-textarea').focus();
    await this.page.keyboard.type(line);
    await this.page.keyboard.press('Enter');
  }

  /** Bytes the lab's sshd has sent serve so far. */
  bytesFromLab(): number {
    return bytesReceivedFrom(this.sshPort);
  }

  /**
   * Waits until the lab has sent `bytes` more than `from`, then nothing more for `quietMs`; the
   * bytes sent and when (performance.now()) the last of them arrived.
   */
  async streamed(from: number, bytes: number, quietMs: number, timeoutMs: number): Promise<{ bytes: number; at: number }> {
    const deadline = Date.now() + timeoutMs;
    let last = this.bytesFromLab();
    let quietSince = Date.now();
    let lastAt = performance.now();
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = this.bytesFromLab();
      if (now !== last) {
        quietSince = Date.now();
        lastAt = performance.now();
      }
      last = now;
      if (now - from >= bytes && Date.now() - quietSince >= quietMs) return { bytes: now - from, at: lastAt };
    }
    throw new Error(`the lab sent ${last - from} of ${bytes} bytes in ${timeoutMs / 1000} s`);
  }

  /** serve's memory: as it is, and after a full garbage collection (the probe's SIGUSR2). */
  async memory(): Promise<MemoryProbe> {
    rmSync(this.memoryFile, { force: true });
    this.serve.child.kill('SIGUSR2');
    for (let i = 0; i < 100; i++) {
      if (existsSync(this.memoryFile)) return JSON.parse(readFileSync(this.memoryFile, 'utf8')) as MemoryProbe;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('serve did not answer the memory probe');
  }

  /** serve's peak RSS so far (VmHWM), in bytes. */
  peakRss(): number {
    const line = readFileSync(`/proc/${this.serve.child.pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    return Number(line?.replace(/\D+/g, '') ?? 0) * 1024;
  }

  async stop(log: (line: string) => void): Promise<void> {
    // Deleted while serve runs: stopping it first would queue a suspend (quitting suspends running labs).
    const [deleted] = await Promise.all([this.cli('lab', 'delete', this.course, '--wait'), this.browser.close()]);
    if (deleted.code !== 0) log(`could not delete the bench lab: ${deleted.stderr}`);
    await this.serve.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const MiB = 2 ** 20;
export const mib = (bytes: number): number => Math.round((bytes / MiB) * 10) / 10;
