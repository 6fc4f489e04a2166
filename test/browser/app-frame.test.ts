import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { REPO_ROOT, startServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

const SCREENSHOTS = join(REPO_ROOT, 'test-results');

let home: ReturnType<typeof tempHome>;
let serve: ServeProcess;
let browser: Browser;
let page: Page;
const foreignRequests: string[] = [];
const navLink = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  home = tempHome();
  serve = await startServe(home.path);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('request', (request) => {
    if (!request.url().startsWith(`http://127.0.0.1:${serve.port}/`) && !request.url().startsWith(`ws://127.0.0.1:${serve.port}/`)) {
      foreignRequests.push(request.url());
    }
  });
  await page.goto(serve.url);
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  home?.remove();
});

describe('the app frame in a real browser', () => {
  it('shows the navigation with the four screens and starts on Courses with its empty state', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Courses', 'Lab', 'Instructor', 'Settings']) {
      await expect.poll(() => nav.getByRole('link', { name }).count()).toBe(1);
    }
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Courses');
    expect(await navLink('Courses').getAttribute('aria-current')).toBe('page');
    // The heading is drawn before the library's answer: the empty state follows it.
    await page.getByText('Your course library is empty').waitFor();
    expect(await page.getByText('lab-console course import PATH').isVisible()).toBe(true);
    // The token leaves the address bar once the page has it.
    await expect.poll(() => page.url()).not.toContain('token=');
  });

  it('lays the course view out as steps beside the lab', async () => {
    await navLink('Lab').click();
    const steps = page.getByRole('region', { name: 'Course steps' });
    const lab = page.getByRole('region', { name: 'Lab', exact: true });
    await steps.waitFor();
    const stepsBox = (await steps.boundingBox())!;
    const labBox = (await lab.boundingBox())!;
    expect(stepsBox.x + stepsBox.width).toBeLessThanOrEqual(labBox.x);
    expect(Math.abs(stepsBox.y - labBox.y)).toBeLessThan(5);
    // No course open: nothing to connect to, so no tabs yet; the screen still has its one h1.
    expect(await page.getByRole('tab').count()).toBe(0);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await page.getByText('No course open').isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'course-view.png') });
  });

  it('resizes the split by dragging and by keyboard, and remembers it after a reload', async () => {
    const handle = page.getByRole('separator', { name: 'Resize steps and lab' });
    const before = Number(await handle.getAttribute('aria-valuenow'));
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + 3, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + 3 + 200, box.y + 200, { steps: 5 });
    await page.mouse.up();
    const dragged = Number(await handle.getAttribute('aria-valuenow'));
    expect(dragged).toBeGreaterThan(before + 10);
    await handle.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => Number(await handle.getAttribute('aria-valuenow'))).toBe(dragged - 2);
    await page.reload();
    await expect.poll(async () => Number(await page.getByRole('separator').getAttribute('aria-valuenow'))).toBe(dragged - 2);
  });

  it('reaches every screen from the keyboard', async () => {
    await page.goto(`http://127.0.0.1:${serve.port}/#/courses`);
    await navLink('Courses').waitFor();
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Instructor');
    expect(await page.getByText('No cohort to show yet').isVisible()).toBe(true);
  });

  it('switches to the dark theme from Settings and keeps it', async () => {
    await navLink('Settings').click();
    const background = (): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.getByRole('radio', { name: 'Light' }).check();
    await expect.poll(background).toBe('rgb(246, 247, 249)');
    await page.getByRole('radio', { name: 'Dark' }).check();
    await expect.poll(background).toBe('rgb(13, 17, 23)');
    await page.reload();
    await expect.poll(background).toBe('rgb(13, 17, 23)');
    expect(await page.getByText(home.path, { exact: true }).isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'settings-dark.png') });
  });

  it('copies diagnostics with the version and without secrets', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${serve.port}` });
    await page.getByRole('button', { name: 'Copy diagnostics' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Diagnostics' }).getByRole('status').textContent()).toMatch(/copied|copy it/i);
    const text = await page.evaluate(async () => {
      const shown = document.querySelector<HTMLTextAreaElement>('textarea[aria-label="Diagnostics text"]')?.value;
      return shown ?? navigator.clipboard.readText();
    });
    expect(text).toMatch(/^Lab Console \d+\.\d+\.\d+ \(browser\)/);
    expect(text).toContain('"theme": "dark"');
    expect(text).toContain('recent log lines:');
  });

  it('made no request to any origin but its own', () => {
    expect(foreignRequests).toEqual([]);
  });
});
