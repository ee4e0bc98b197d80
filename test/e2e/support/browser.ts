import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { root } from './app';

export const CHROMIUM = process.env.MXRAY_CHROMIUM || '/usr/bin/chromium';

/** Debian's Chromium, driven by playwright-core; everything stays on loopback. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

export const artefacts = path.join(root, 'test-results', 'e2e');

/** Save a full-page screenshot as a test artefact (test-results/e2e/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(artefacts, { recursive: true });
  const file = path.join(artefacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
