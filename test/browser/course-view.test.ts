import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIDDEN_COPY_STEP, HIDDEN_PAYLOAD } from '../../src/renderer/course/hidden-copy-step.fixture';
import { launchChromium } from '../support/chromium';
import { SAMPLE_COURSE_DIR, packTarGz, sampleCourseVariant } from '../support/course-bundles';
import { REPO_ROOT, startServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

/** Payloads that run script when inserted unsanitised into a page. */
const XSS_STEP = [
  '# A hostile step',
  // The image exists in the bundle (so the course validates): onload would fire in the app, onerror in a bare page.
  '<img src="../images/lab-overview.svg" onload="window.__xss = (window.__xss || 0) + 1" onerror="window.__xss = (window.__xss || 0) + 1">',
  '[innocent](javascript:window.__xss=(window.__xss||0)+1)',
  '<svg onload="window.__xss = (window.__xss || 0) + 1"><circle r="4"/></svg>',
  '<iframe srcdoc="<script>parent.__xss = (parent.__xss || 0) + 1</script>"></iframe>',
  '<a href="#" onclick="window.__xss=1" id="clicky">click me</a>',
  'Some text after the payloads.',
].join('\n\n');

let home: ReturnType<typeof tempHome>;
let serve: ServeProcess;
let browser: Browser;
let page: Page;
const foreignRequests: string[] = [];

async function importThroughUi(file: string): Promise<void> {
  await page.getByLabel('Course bundle file').setInputFiles(file);
  await page.getByText(/^Imported “/).waitFor({ timeout: 20_000 });
}

beforeAll(async () => {
  mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
  home = tempHome();
  serve = await startServe(home.path);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('request', (request) => {
    const url = request.url();
    const own = url.startsWith(`http://127.0.0.1:${serve.port}/`) || url.startsWith(`ws://127.0.0.1:${serve.port}/`);
    if (!own && !url.startsWith('blob:') && !url.startsWith('data:')) foreignRequests.push(url);
  });
  await page.goto(serve.url);
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  home?.remove();
});

describe('the course library and course view in a real browser', () => {
  it('imports the sample course from a .tar.gz picked in the library', async () => {
    await page.getByText('Your course library is empty').waitFor();
    await importThroughUi(await packTarGz(SAMPLE_COURSE_DIR));
    const card = page.getByRole('article', { name: 'Introduction to Linux' });
    await card.waitFor();
    expect(await card.getByText('0 of 5 steps done').isVisible()).toBe(true);
  });

  it('opens the course at its first step with its image drawn from the bundle', async () => {
    await page.getByRole('article', { name: 'Introduction to Linux' }).getByRole('link', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Meet your lab', level: 2 }).waitFor();
    // The course's title is the screen's one h1; the step's own headings sit below it.
    expect(await page.getByRole('heading', { level: 1 }).allInnerTexts()).toEqual(['Introduction to Linux']);
    expect(await page.getByText('Step 1 of 5 · Meet your lab').isVisible()).toBe(true);
    const image = page.locator('.markdown img').first();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'course-view-step.png') });
  });

  it('moves to the next step, marks the first visited, and records a step as done', async () => {
    await page.getByRole('link', { name: 'Next →' }).click();
    await page.getByText('Step 2 of 5 · Files and directories').waitFor();
    const steps = page.getByRole('navigation', { name: 'Steps' });
    expect(await steps.getByRole('link', { name: /Files and directories/ }).getAttribute('aria-current')).toBe('step');
    expect(await steps.getByLabel('visited').count()).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Mark step as done' }).click();
    await page.getByRole('button', { name: /Done — undo/ }).waitFor();
    await expect.poll(() => steps.getByLabel('completed').count()).toBe(1);
  });

  it('reopens the course where the learner left it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses' }).click();
    const card = page.getByRole('article', { name: 'Introduction to Linux' });
    await card.getByText('1 of 5 steps done').waitFor();
    await card.getByRole('link', { name: 'Continue' }).click();
    await page.getByText('Step 2 of 5 · Files and directories').waitFor();
  });

  it('searches across the steps and jumps to a hit', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses' }).click();
    await page.getByRole('searchbox', { name: 'Search all courses' }).fill('processes');
    const results = page.getByRole('region', { name: 'Search results' });
    await results.waitFor();
    await results
      .getByRole('link', { name: /^Processes/ })
      .first()
      .click();
    await page.getByText('Step 3 of 5 · Processes').waitFor();
  });

  it('copies a code block with its Copy button', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${serve.port}` });
    const block = page.locator('.code-block').first();
    const code = (await block.locator('code').textContent()) ?? '';
    await block.getByRole('button', { name: 'Copy' }).click();
    await block.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
  });

  it('says what to do when "Run in terminal" is pressed with no lab running', async () => {
    await page.locator('.code-block').getByRole('button', { name: 'Run in terminal' }).first().click();
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: /Launch the lab/ })
        .isVisible(),
    ).toBe(true);
  });

  it('refuses a re-import of the same version and offers to import anyway', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses' }).click();
    await page.getByLabel('Course bundle file').setInputFiles(await packTarGz(SAMPLE_COURSE_DIR));
    await page.getByText(/already in the library/).waitFor();
    expect(await page.getByRole('button', { name: 'Import anyway' }).isVisible()).toBe(true);
  });

  it('shows a broken bundle’s errors with file and line, and leaves the library as it was', async () => {
    const broken = sampleCourseVariant({ 'course.yaml': 'id: intro-linux\ntitle: [unclosed\n' });
    await page.getByLabel('Course bundle file').setInputFiles(await packTarGz(broken));
    const alert = page.getByRole('alert').filter({ hasText: 'course.yaml' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/course\.yaml:\d+/);
    expect(await page.getByRole('article', { name: 'Introduction to Linux' }).count()).toBe(1);
  });

  it('made no request to any origin but its own while reading', () => {
    expect(foreignRequests).toEqual([]);
  });
});

describe('course text cannot run script', () => {
  it('a step full of XSS payloads runs none of them and keeps no on* attribute', async () => {
    const hostile = sampleCourseVariant({
      'course.yaml': readFileSync(`${SAMPLE_COURSE_DIR}/course.yaml`, 'utf8')
        .replace('id: intro-linux', 'id: hostile-course')
        .replace('title: Introduction to Linux', 'title: Hostile course'),
      'steps/01-meet-your-lab.md': XSS_STEP,
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses' }).click();
    await importThroughUi(await packTarGz(hostile));
    await page.getByRole('article', { name: 'Hostile course' }).getByRole('link', { name: 'Open' }).click();
    await page.getByText('Some text after the payloads.').waitFor();
    await page
      .locator('#clicky')
      .click()
      .catch(() => undefined);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    const handlers = await page.evaluate(() =>
      [...document.querySelectorAll('.markdown *')].flatMap((el) =>
        [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name),
      ),
    );
    expect(handlers).toEqual([]);
    expect(await page.locator('.markdown iframe, .markdown svg, .markdown script').count()).toBe(0);
    expect(await page.locator('.markdown a[href^="javascript"]').count()).toBe(0);
  });

  it('control: the same payloads do run in a page without the sanitiser', async () => {
    const bare = await browser.newPage();
    await bare.setContent(`<div>${XSS_STEP.replace(/^# .*$/m, '')}</div>`);
    await expect.poll(() => bare.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0)).toBeGreaterThan(0);
    await bare.close();
  });
});

/**
 * The text of a code block a reader can actually see: text nodes whose element is rendered
 * (display, visibility, opacity, font size) and lies on the page, not pushed off it.
 */
function renderedText(code: Element): string {
  const seen = (text: Text): boolean => {
    const element = text.parentElement;
    if (!element?.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    if (parseFloat(getComputedStyle(element).fontSize) < 4) return false;
    const range = document.createRange();
    range.selectNodeContents(text);
    return [...range.getClientRects()].some((rect) => rect.width > 0 && rect.right > 0 && rect.bottom > 0);
  };
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  let out = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (seen(node as Text)) out += node.textContent;
  return out;
}

describe('Copy takes only what the learner sees', () => {
  it('each Copy button of a step hiding commands in and around code blocks copies exactly the text shown', async () => {
    const hostile = sampleCourseVariant({
      'course.yaml': readFileSync(`${SAMPLE_COURSE_DIR}/course.yaml`, 'utf8')
        .replace('id: intro-linux', 'id: hidden-copy')
        .replace('title: Introduction to Linux', 'title: Hidden copy'),
      'steps/01-meet-your-lab.md': HIDDEN_COPY_STEP,
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Courses' }).click();
    await importThroughUi(await packTarGz(hostile));
    await page.getByRole('article', { name: 'Hidden copy' }).getByRole('link', { name: 'Open' }).click();
    await page.getByText('The end of the step.').waitFor();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${serve.port}` });

    const buttons = page.locator('.markdown button[data-action="copy"]');
    const copied: { shown: string; clipboard: string }[] = [];
    for (let i = 0; i < (await buttons.count()); i += 1) {
      const button = buttons.nth(i);
      if (!(await button.isVisible())) continue;
      const code = button.locator('xpath=ancestor::*[contains(@class, "code-block")][1]//code');
      const shown = await code.evaluate(renderedText);
      await page.evaluate(() => navigator.clipboard.writeText(''));
      await button.click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).not.toBe('');
      copied.push({ shown, clipboard: await page.evaluate(() => navigator.clipboard.readText()) });
    }
    expect(copied.length).toBeGreaterThan(0);
    expect(copied).toEqual(copied.map(({ shown }) => ({ shown, clipboard: shown })));
    // What the step tried to hide is on the page for the learner to read.
    expect(await page.locator('.markdown').evaluate(renderedText)).toContain(HIDDEN_PAYLOAD);
  });
});
