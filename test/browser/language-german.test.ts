/**
 * The learner's language in Chromium, browser mode: Settings › Language › Deutsch turns the app
 * German at once, and no English sentence of the catalogue is left on the library, settings and
 * instructor screens; Intl formats dates and money the German way there.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { englishSentences } from '../support/english-sentences';
import { startServe, stopServe, type ServeProcess } from '../support/serve-process';
import { tempHome } from '../support/temp-home';

let home: ReturnType<typeof tempHome>;
let serve: ServeProcess | undefined;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  home = tempHome('lc-language-');
  serve = await startServe(home.path);
  browser = await launchChromium(['--lang=en-US']);
  // The system's language is English: German comes from the setting alone.
  page = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await page.goto(serve.url);
  await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopServe(serve);
  home?.remove();
});

const visibleText = () => page.evaluate(() => document.body.innerText);

describe('Settings › Language › Deutsch', () => {
  it('turns the app German at once, and the catalogue’s English sentences are gone from the library, settings and instructor screens', async () => {
    const sentences = englishSentences();
    // The catalogue test is only as good as what it checks.
    expect(sentences.length).toBeGreaterThan(100);
    expect(sentences).toContain('Keep Lab Console in the tray when I close its window while labs run');

    await page.evaluate(() => (window.location.hash = '#/settings'));
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(await visibleText()).toContain('Follow the system');
    await page.getByRole('radio', { name: 'Deutsch' }).check();
    await page.getByRole('heading', { level: 1, name: 'Einstellungen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(await page.getByRole('radio', { name: 'Deutsch' }).isChecked()).toBe(true);

    for (const [hash, heading] of [
      ['#/settings', 'Einstellungen'],
      ['#/courses', undefined],
      ['#/instructor', 'Kursleitung'],
      // A course's dashboard: with no cloud set up it lists nothing, but shows its totals, filters and buttons.
      ['#/instructor/intro-linux', 'Kursleitung'],
    ] as const) {
      await page.evaluate((to) => (window.location.hash = to), hash);
      if (heading) await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      if (hash.startsWith('#/instructor/')) await page.getByRole('button', { name: 'Aktualisieren' }).waitFor();
      else await page.waitForFunction(() => !document.querySelector('.loading'));
      await expect.poll(() => page.locator('nav').innerText()).toContain('Einstellungen');
      const text = await visibleText();
      const left = sentences.filter((sentence) => text.includes(sentence));
      expect(left, `English left on ${hash}`).toEqual([]);
    }
    expect(await page.getByRole('navigation').innerText()).toMatch(/Kurse[\s\S]*Lab[\s\S]*Kursleitung[\s\S]*Einstellungen/);
  });

  it('formats dates and money the German way in that page', async () => {
    const formatted = await page.evaluate(() => {
      const lang = document.documentElement.lang;
      return {
        date: new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 11, 6)),
        money: new Intl.NumberFormat(lang, { style: 'currency', currency: 'EUR' }).format(1234.5),
      };
    });
    expect(formatted).toEqual({ date: '6. Dezember 2026', money: '1.234,50\u00a0€' });
  });
});

describe('a German system', () => {
  it('draws the first screen in German at once, the German catalogue loaded for it', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    try {
      const german = await context.newPage();
      const scripts: string[] = [];
      german.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
      });
      // Every level-1 heading the page ever shows, in order: an English one drawn first would be here.
      await german.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { headingsSeen: string[] }).headingsSeen = seen;
        new MutationObserver(() => {
          const text = document.querySelector('h1')?.textContent ?? '';
          if (text && seen.at(-1) !== text) seen.push(text);
        }).observe(document, { subtree: true, childList: true, characterData: true });
      });
      await german.goto(serve!.url);
      await german.getByRole('heading', { level: 1, name: 'Kurse' }).waitFor();
      expect(await german.evaluate(() => (window as unknown as { headingsSeen: string[] }).headingsSeen)).toEqual(['Kurse']);
      expect(await german.evaluate(() => document.documentElement.lang)).toBe('de');
      expect(scripts.some((path) => path.includes('/german-ui-'))).toBe(true);
    } finally {
      await context.close();
    }
  });
});
