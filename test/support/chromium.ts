import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.LAB_CONSOLE_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, headless (Playwright gives it a fresh profile), with everything that would reach the internet switched off. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
