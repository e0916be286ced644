/**
 * Screenshots of the viewer tests. They go to .cache/e2e-screenshots/ (gitignored) for looking at failures;
 * DEID_SHARE_SCREENSHOTS=docs/screenshots refreshes the documented ones.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const folder = resolve(root, process.env.DEID_SHARE_SCREENSHOTS ?? '.cache/e2e-screenshots');

/** OHIF's toasts float over the right panel; hidden in panel shots (the tests check them separately). */
const HIDE_TOASTS = '[data-sonner-toaster] { display: none !important; }';

export async function screenshot(target: Page | Locator, name: string, { hideToasts = false } = {}): Promise<void> {
  mkdirSync(folder, { recursive: true });
  await target.screenshot({ path: join(folder, `${name}.png`), style: hideToasts ? HIDE_TOASTS : undefined });
}
