/**
 * `lab-console open` against a real `lab-console serve` and its open Chromium tab, without a cloud:
 * the link travels through the data folder's control socket to the tab; bad links exit 2 and never
 * reach it; an enrolment link asks nothing of a server it cannot fetch from over https.
 */
import { spawn } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { CLI, startServe, stopServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

let home: ReturnType<typeof tempHome>;
let serve: ServeProcess | undefined;
let browser: Browser;
let page: Page;

function open(url: string, dataFolder = home.path): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--home', dataFolder, 'open', url]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const hash = () => page.evaluate(() => window.location.hash);

beforeAll(async () => {
  home = tempHome('lc-open-');
  serve = await startServe(home.path);
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(serve.url);
  await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopServe(serve);
  home?.remove();
});

describe('lab-console open with a browser-mode server running', () => {
  it('moves the open tab to the course and step of the link', async () => {
    const result = await open('labconsole://open?course=intro-linux&step=files');
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('Lab Console opens course intro-linux at step files') });
    await expect.poll(hash, { timeout: 10_000 }).toBe('#/lab/intro-linux/files');
  });

  it('exits 2 with the reason on a hostile or malformed link, and the tab stays where it was', async () => {
    for (const [url, reason] of [
      ['javascript:alert(1)', /must start with labconsole:\/\//],
      [`labconsole://enrol?url=${encodeURIComponent('http://lms.example/a.json')}`, /must come over https/],
      ['labconsole://open?course=../../etc', /is not a course id/],
      ['labconsole://run?cmd=rm', /"run" is not something a Lab Console link can do/],
      [`labconsole://open?course=ab&step=${'a'.repeat(3000)}`, /at most 2048/],
    ] as const) {
      const result = await open(url);
      expect(result.code, url).toBe(2);
      expect(result.stderr).toMatch(reason);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(await hash()).toBe('#/lab/intro-linux/files');
  });

  it('exits 1 when no Lab Console runs on the data folder', async () => {
    const other = tempHome('lc-open-none-');
    try {
      const result = await open('labconsole://open?course=intro-linux', other.path);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/No Lab Console is running on this data folder/);
    } finally {
      other.remove();
    }
  });

  it('for an enrolment link, shows where it would fetch from and adds nothing when the server cannot be reached', async () => {
    const result = await open(`labconsole://enrol?url=${encodeURIComponent('https://127.0.0.1:1/learner7.lab-enrol.json')}`);
    expect(result.code).toBe(0);
    const dialog = page.getByRole('dialog', { name: 'Enrolment link' });
    await expect.poll(() => dialog.getByRole('alert').textContent(), { timeout: 20_000 }).toMatch(/Could not download the enrolment file/);
    expect(await dialog.textContent()).toContain('https://127.0.0.1:1/learner7.lab-enrol.json');
    await dialog.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByRole('dialog', { name: 'Enrolment link' }).count()).toBe(0);
  });
});
