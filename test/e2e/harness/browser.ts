/**
 * Headless Chromium (the Debian package, never a downloaded build) for the viewer tests, and a watch on each page
 * that collects what would otherwise go unnoticed: console errors, uncaught exceptions, failed plugin loads.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** Each launch gets a fresh temporary profile from playwright. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

export interface PageWatch {
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests for our plugin bundles that failed or did not answer 200. */
  pluginFailures: string[];
  /** Requests that left the loopback interface (there must be none). */
  offLoopback: string[];
  /** What the page asked the sidecar API (/api/...), in order. */
  apiCalls: Array<{ method: string; path: string; authorization?: string; body: unknown }>;
}

export function watchPage(page: Page, pluginPath = '/deid-share/'): PageWatch {
  const watch: PageWatch = { consoleErrors: [], pageErrors: [], pluginFailures: [], offLoopback: [], apiCalls: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      watch.offLoopback.push(request.url());
    }
    if (url.pathname.startsWith('/api/')) {
      const { authorization } = request.headers();
      watch.apiCalls.push({ method: request.method(), path: url.pathname, authorization, body: request.postDataJSON() });
    }
  });
  const isPlugin = (url: string) => new URL(url).pathname.startsWith(pluginPath) && new URL(url).pathname.endsWith('.js');
  page.on('response', (response) => {
    if (isPlugin(response.url()) && response.status() !== 200) {
      watch.pluginFailures.push(`${new URL(response.url()).pathname} answered HTTP ${response.status()}`);
    }
  });
  page.on('requestfailed', (request) => {
    if (isPlugin(request.url())) watch.pluginFailures.push(`${new URL(request.url()).pathname} failed: ${request.failure()?.errorText}`);
  });
  return watch;
}

export class ViewerNotReady extends Error {
  override readonly name = 'ViewerNotReady';
  constructor(readonly problems: string[]) {
    super(`The viewer did not come up:\n - ${problems.join('\n - ')}`);
  }
}

/**
 * Waits until `ready` (a selector) is visible. When it is not, says why instead of timing out silently:
 * failed plugin loads, a blank #root, OHIF's error screen, console errors and uncaught exceptions.
 */
export async function expectViewer(page: Page, watch: PageWatch, ready: string, timeoutMs = 30_000): Promise<void> {
  try {
    await page.locator(ready).first().waitFor({ state: 'visible', timeout: timeoutMs });
    return;
  } catch {
    // Explained below.
  }
  const problems = [...watch.pluginFailures];
  const root = await page
    .evaluate(() => {
      const element = document.getElementById('root');
      return { exists: Boolean(element), children: element?.childElementCount ?? 0, text: (element?.innerText ?? '').trim().slice(0, 300) };
    })
    .catch(() => null);
  if (!root?.exists) problems.push('the page has no #root element');
  else if (root.children === 0 || root.text === '') problems.push('the viewer rendered a blank page (#root is empty)');
  else if (/something went wrong|error/i.test(root.text)) problems.push(`the viewer shows an error: ${root.text}`);
  problems.push(...watch.pageErrors.map((message) => `uncaught exception: ${message}`));
  problems.push(...watch.consoleErrors.map((message) => `console error: ${message}`));
  if (problems.length === 0) problems.push(`${ready} did not appear within ${timeoutMs} ms`);
  throw new ViewerNotReady(problems);
}
