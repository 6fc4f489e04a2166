import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.LAB_CONSOLE_CHROMIUM ?? '/usr/bin/chromium';

/** The command-line switches of a test browser: everything that would reach the internet off; `extraArgs` add to (or, for the GPU, replace) the defaults. */
export function chromiumArgs(extraArgs: readonly string[] = []): string[] {
  return [
    '--no-sandbox',
    ...(extraArgs.some((arg) => arg.startsWith('--use-angle')) ? [] : ['--disable-gpu']),
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    ...extraArgs,
  ];
}

/** Debian's Chromium, headless (Playwright gives it a fresh profile), with chromiumArgs' switches. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs(extraArgs) });
}
