/**
 * The split bundle under the page's own CSP in a real browser: the first screen (the library) loads
 * the entry script and its preloads only; the lab, settings, dashboard and Markdown arrive when first used, run by the
 * pinned entry through 'strict-dynamic' — without one CSP violation.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { CLI, REPO_ROOT, startServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

let home: ReturnType<typeof tempHome>;
let serve: ServeProcess;
let browser: Browser;
let page: Page;
const scripts: string[] = [];
const violations: string[] = [];

beforeAll(async () => {
  home = tempHome();
  const imported = spawnSync(process.execPath, [CLI, '--home', home.path, 'course', 'import', join(REPO_ROOT, 'assets', 'sample-course')], {
    encoding: 'utf8',
  });
  if (imported.status !== 0) throw new Error(`course import failed: ${imported.stderr}`);
  serve = await startServe(home.path);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname.replace(/^\/assets\//, ''));
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(error.message));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  home?.remove();
});

const loaded = (name: string) => scripts.some((file) => file.startsWith(`${name}-`));

describe('the split renderer in Chromium', () => {
  it('draws the first screen from the entry script and its preloads only', async () => {
    await page.goto(serve.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Courses');
    // German is loaded only for a reader who has it shown (this browser is English).
    for (const lazy of [
      'TerminalView',
      'desktop-session-view',
      'InstructorScreen',
      'StepMarkdown',
      'LabScreen',
      'SettingsScreen',
      'german-ui',
      'live-stream',
    ])
      expect(loaded(lazy), lazy).toBe(false);
    expect(violations).toEqual([]);
  });

  it('loads the dashboard and Markdown when first shown, allowed by the page’s CSP', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Instructor' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Instructor');
    expect(loaded('InstructorScreen')).toBe(true);

    await page.goto(`http://127.0.0.1:${serve.port}/#/lab/intro-linux`);
    await page.locator('article.step').getByRole('heading').first().waitFor();
    expect(loaded('LabScreen')).toBe(true);
    expect(loaded('StepMarkdown')).toBe(true);
    expect(violations).toEqual([]);
  });

  it('loads the settings when first shown', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Settings');
    expect(loaded('SettingsScreen')).toBe(true);
    expect(violations).toEqual([]);
  });
});
