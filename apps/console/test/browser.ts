import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ROOT } from './console-system.harness.js';

/**
 * Debian's Chromium, headless. The closed network here refuses Chromium's own background
 * connections, so those are turned off; no browser is downloaded.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

const ARTIFACTS = join(ROOT, 'artifacts/console');
const DOCS = join(ROOT, 'docs/console');

/**
 * Keeps what the page showed under artifacts/ (git-ignored, kept by CI); with
 * CONSOLE_DOCS_SCREENSHOTS=1 (npm run docs:console), also the README's pictures under docs/.
 */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  if (process.env.CONSOLE_DOCS_SCREENSHOTS === '1') {
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: join(DOCS, `${name}.png`) });
  }
}
