/**
 * The viewer end to end: a real Orthanc with DICOMweb, the published OHIF viewer served by our viewer host with our
 * extension and mode, headless Chromium. The sidecar API is an in-test STAND-IN (harness/standInSidecar.ts) that
 * only drives the panel through its states; these tests move to the real sidecar once it exists.
 */
import type { Browser, Page } from 'playwright-core';
import { startOrthanc, type LocalOrthanc } from '@deid-share/orthanc-local';
import { startViewerHost, type ViewerHost } from '@deid-share/viewer-host';
import { buildPlugins } from '../../tools/ohif/build-plugins.mjs';
import { installOhif } from '../../tools/ohif/install.mjs';
import { expectViewer, launchBrowser, watchPage, ViewerNotReady, type PageWatch } from './harness/browser.js';
import { luminanceSpread, waitForSpread } from './harness/pixels.js';
import { SAMPLE_STUDY, SECOND_STUDY, uploadSampleStudy } from './harness/sampleStudy.js';
import { screenshot } from './harness/screenshots.js';
import { startStandInSidecar, type StandInPeerShare, type StandInSidecar } from './harness/standInSidecar.js';

const TOKEN = 'e2e-demo-token';
const PATIENT_IN_LIST = 'DOE, JANE';
const STUDY_LIST_READY = `text=${PATIENT_IN_LIST}`;
const PANEL = '[data-cy=deid-share-panel]';

let orthanc: LocalOrthanc;
let sidecar: StandInSidecar;
let host: ViewerHost;
let browser: Browser;

beforeAll(async () => {
  const ohifDist = installOhif();
  await buildPlugins();
  // Orthanc requires basic auth: the viewer host adds it server-side, the browser never has the password.
  orthanc = await startOrthanc({ dicomWeb: true, users: { viewer: 'e2e-viewer-password' } });
  const orthancAuth = { username: 'viewer', password: 'e2e-viewer-password' };
  await uploadSampleStudy(orthanc.url, SAMPLE_STUDY, orthancAuth);
  await uploadSampleStudy(orthanc.url, SECOND_STUDY, orthancAuth);
  sidecar = await startStandInSidecar({ token: TOKEN });
  host = await startViewerHost({ ohifDist, orthancUrl: orthanc.url, orthancAuth, sidecarUrl: sidecar.url, token: TOKEN });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await sidecar?.stop();
  await orthanc?.stop();
});

async function newPage(): Promise<{ page: Page; watch: PageWatch }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  return { page, watch: watchPage(page) };
}

/** Opens the study list, selects the sample study and launches the De-identify & Share workflow from it. */
async function enterMode(page: Page, watch: PageWatch): Promise<void> {
  await page.goto(`${host.url}/`);
  await expectViewer(page, watch, STUDY_LIST_READY);
  await page.getByText(PATIENT_IN_LIST).first().click();
  await page.getByRole('button', { name: 'De-identify & Share' }).click();
  await expectViewer(page, watch, PANEL);
}

const peerShare = (peer: string, status: StandInPeerShare['status'], done: number, extra: Partial<StandInPeerShare> = {}) => ({
  peer,
  status,
  total: 4,
  done,
  withheld: 0,
  refused: 0,
  failed: 0,
  reasons: [],
  ...extra,
});

describe('De-identify & Share in the OHIF viewer', () => {
  test('the study list offers the mode per study; entering it shows the image, the toolbar button and the panel (sidecar: in-test stand-in, replaced by the real sidecar later)', async () => {
    const { page, watch } = await newPage();
    const dicomWebAuthorizations: Array<string | undefined> = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/dicom-web/')) dicomWebAuthorizations.push(request.headers().authorization);
    });
    try {
      await page.goto(`${host.url}/`);
      await expectViewer(page, watch, STUDY_LIST_READY);

      // Per-study action: each row's action menu lists the workflows that fit the study, ours included.
      await page.getByRole('button', { name: 'Action Menu' }).first().click();
      await page.getByRole('menuitem', { name: 'De-identify & Share' }).waitFor();
      await page.keyboard.press('Escape');

      await page.getByText(PATIENT_IN_LIST).first().click();
      await page.getByRole('button', { name: 'De-identify & Share' }).click();
      await expectViewer(page, watch, PANEL);
      expect(new URL(page.url()).pathname).toBe('/deid-share');
      expect(new URL(page.url()).searchParams.get('StudyInstanceUIDs')).toBe(SAMPLE_STUDY.studyInstanceUID);

      const viewport = page.locator('[data-cy=viewport-pane]').first();
      await viewport.locator('canvas').first().waitFor({ state: 'visible' });
      // A rendered image, not an empty viewport: the synthetic pattern has a large luminance spread.
      expect(await waitForSpread(() => luminanceSpread(viewport), 20, 20_000)).toBeGreaterThan(20);

      await page.locator('[data-cy=deid-share-peer-lab-amsterdam]').waitFor();
      await page.locator('[data-cy=deid-share-preview]').waitFor();

      // The toolbar button brings the panel back after the user switched to another right-side panel.
      await page.locator('[data-cy=trackedMeasurements-btn]').click();
      await page.locator(PANEL).waitFor({ state: 'hidden' });
      await page.locator('[data-cy=DeidShare]').click();
      await page.locator(PANEL).waitFor({ state: 'visible' });

      expect(watch.pageErrors).toEqual([]);
      expect(watch.pluginFailures).toEqual([]);
      expect(watch.offLoopback).toEqual([]);
      expect(sidecar.requests.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
      // The browser reads Orthanc (which requires basic auth) without ever holding its credentials.
      expect(dicomWebAuthorizations.length).toBeGreaterThan(0);
      expect(dicomWebAuthorizations.filter((value) => value?.startsWith('Basic'))).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('panel states against the in-test stand-in sidecar (replaced by the real sidecar later): preview, progress, done with a link, partial with reasons', async () => {
    const { page, watch } = await newPage();
    try {
      await enterMode(page, watch);
      const host = page.locator('[data-cy=deid-share-panel-host]');
      /** The panel from its top (study, shares), as the user sees it after scrolling up. */
      const panel = async () => {
        await host.evaluate((element) => element.scrollTo(0, 0));
        return host;
      };

      // Preview: removed identifiers are marked.
      await page.locator('[data-cy=deid-share-preview]').waitFor();
      const removed = page.locator('[data-cy=deid-share-preview-row-removed]');
      await expect(removed.count()).resolves.toBe(2);
      await expect(removed.first().locator('.ds-original').evaluate((el) => getComputedStyle(el).textDecorationLine)).resolves.toBe(
        'line-through',
      );
      await expect(page.locator('[data-cy=deid-share-preview-summary]').innerText()).resolves.toContain('2 removed');
      await screenshot(page, 'panel-preview');

      // Share: nothing leaves before the confirmation.
      const shareButton = page.locator('[data-cy=deid-share-share-button]');
      await expect(shareButton.isDisabled()).resolves.toBe(true);
      await page.locator('[data-cy=deid-share-peer-lab-amsterdam] input').check();
      await shareButton.click();
      await page.locator('[data-cy=deid-share-confirm]').waitFor();
      expect(sidecar.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/shares')).toHaveLength(0);

      // Progress.
      sidecar.setProgress([peerShare('lab-amsterdam', 'running', 0)]);
      await page.locator('[data-cy=deid-share-confirm-button]').click();
      const progress = page.locator('[data-cy=deid-share-progress-lab-amsterdam]');
      await progress.locator('text=0 / 4 sent').waitFor();
      sidecar.setProgress([peerShare('lab-amsterdam', 'running', 2)]);
      await progress.locator('text=2 / 4 sent').waitFor();
      await expect(progress.locator('[role=progressbar]').getAttribute('aria-valuenow')).resolves.toBe('2');
      await screenshot(await panel(), 'panel-progress', { hideToasts: true });
      const posts = sidecar.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/shares');
      expect(posts.map((r) => r.body)).toEqual([{ studyInstanceUID: SAMPLE_STUDY.studyInstanceUID, peers: ['lab-amsterdam'] }]);

      // Done, with a link to the copy on the peer.
      const copyUrl = 'http://127.0.0.1:9/peer/lab-amsterdam/studies/2.25.8837261';
      sidecar.setProgress([peerShare('lab-amsterdam', 'done', 4, { peerStudyId: '2.25.8837261', peerStudyUrl: copyUrl })]);
      const link = page.locator('[data-cy=deid-share-peer-link]');
      await link.waitFor();
      await expect(link.getAttribute('href')).resolves.toBe(copyUrl);
      await expect(page.locator('[data-cy=deid-share-share]').getAttribute('data-status')).resolves.toBe('done');
      await page.getByText('Study shared with lab-amsterdam.').waitFor();
      await screenshot(await panel(), 'panel-done', { hideToasts: true });

      // Partial: what was held back and why.
      await page.getByRole('button', { name: 'Clear' }).click();
      await page.locator('[data-cy=deid-share-peer-registry-nl] input').check();
      sidecar.setProgress([
        peerShare('lab-amsterdam', 'done', 4, { peerStudyUrl: copyUrl }),
        peerShare('registry-nl', 'partial', 2, {
          withheld: 1,
          refused: 1,
          reasons: [
            { sopInstanceUID: '1.2.3.4.5', status: 'withheld', reason: 'Burned-in annotation suspected (no pixel rule for this device)' },
            { sopInstanceUID: '1.2.3.4.6', status: 'refused', reason: 'Peer rejected the instance: SOP class not accepted' },
          ],
        }),
      ]);
      await shareButton.click();
      await page.locator('[data-cy=deid-share-confirm-button]').click();
      const reasons = page.locator('[data-cy=deid-share-progress-registry-nl] [data-cy=deid-share-reasons] li');
      await reasons.first().waitFor();
      await expect(reasons.allInnerTexts()).resolves.toEqual([
        expect.stringContaining('Burned-in annotation suspected'),
        expect.stringContaining('SOP class not accepted'),
      ]);
      await expect(page.locator('[data-cy=deid-share-share]').getAttribute('data-status')).resolves.toBe('partial');
      await page.getByText(/ended partial: see the De-identify & Share panel/).waitFor();
      await screenshot(await panel(), 'panel-partial', { hideToasts: true });
      expect(watch.pageErrors).toEqual([]);
    } finally {
      sidecar.setProgress([]);
      await page.close();
    }
  });

  test('several studies: the mode opened with a list of studies shares each chosen one (stand-in sidecar, replaced by the real sidecar later)', async () => {
    const { page, watch } = await newPage();
    try {
      const studies = [SAMPLE_STUDY.studyInstanceUID, SECOND_STUDY.studyInstanceUID];
      await page.goto(`${host.url}/deid-share?StudyInstanceUIDs=${studies.join(',')}`);
      await expectViewer(page, watch, '[data-cy=deid-share-peers]');
      const rows = page.locator('[data-cy=deid-share-study]');
      await expect(rows.count()).resolves.toBe(2);
      await expect(rows.nth(1).innerText()).resolves.toContain('E2E second study');

      sidecar.setProgress([peerShare('lab-amsterdam', 'done', 4)]);
      const before = sidecar.requests.length;
      await page.locator('[data-cy=deid-share-peer-lab-amsterdam] input').check();
      await page.locator('[data-cy=deid-share-share-button]').click();
      await expect(page.locator('[data-cy=deid-share-confirm]').innerText()).resolves.toContain('2 studies');
      await page.locator('[data-cy=deid-share-confirm-button]').click();
      const cards = page.locator('[data-cy=deid-share-share][data-status=done]');
      await cards.nth(1).waitFor();
      const posts = sidecar.requests.slice(before).filter((r) => r.method === 'POST' && r.path === '/api/v1/shares');
      expect(posts.map((r) => r.body)).toEqual(studies.map((studyInstanceUID) => ({ studyInstanceUID, peers: ['lab-amsterdam'] })));
      expect(watch.pageErrors).toEqual([]);
    } finally {
      sidecar.setProgress([]);
      await page.close();
    }
  });

  test('401 and 403 from the (stand-in) sidecar show a clear message, never a blank panel', async () => {
    const { page, watch } = await newPage();
    try {
      sidecar.failAll(401);
      await enterMode(page, watch);
      const error = page.locator('[data-cy=deid-share-error]');
      await error.waitFor();
      await expect(error.innerText()).resolves.toContain('Sign-in required');
      await screenshot(page.locator('[data-cy=deid-share-panel-host]'), 'panel-unauthenticated');

      sidecar.failAll(403);
      await page.getByRole('button', { name: 'Try again' }).click();
      await error.getByText('Not allowed', { exact: true }).waitFor();
      await expect(error.innerText()).resolves.toContain('No sharing agreement for this user');

      sidecar.failAll(null);
      await page.reload();
      await expectViewer(page, watch, '[data-cy=deid-share-peers]');
    } finally {
      sidecar.failAll(null);
      await page.close();
    }
  });

  test('a wrong deidShare block in app-config is shown in the panel and does not break the viewer', async () => {
    const { page, watch } = await newPage();
    try {
      await page.route('**/app-config.js', async (route) => {
        const original = await (await route.fetch()).text();
        await route.fulfill({ contentType: 'text/javascript', body: original.replace('"deidShare": {', '"deidShare": { "apiBaseURL": "/typo",') });
      });
      await page.goto(`${host.url}/deid-share?StudyInstanceUIDs=${SAMPLE_STUDY.studyInstanceUID}`);
      const error = page.locator('[data-cy=deid-share-panel-host-error]');
      await expectViewer(page, watch, '[data-cy=deid-share-panel-host-error]');
      await expect(error.innerText()).resolves.toContain('window.config.deidShare has unknown keys: apiBaseURL');
      await page.locator('[data-cy=viewport-pane] canvas').first().waitFor({ state: 'visible' });
    } finally {
      await page.close();
    }
  });

  test('a plugin bundle that fails to load is reported by the harness, not left as a silent blank page', async () => {
    const { page, watch } = await newPage();
    try {
      await page.route('**/deid-share/extension.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
      await page.goto(`${host.url}/`);
      const outcome = await expectViewer(page, watch, STUDY_LIST_READY, 10_000).catch((error: unknown) => error);
      expect(outcome).toBeInstanceOf(ViewerNotReady);
      const { problems } = outcome as ViewerNotReady;
      expect(problems).toContain('/deid-share/extension.js answered HTTP 404');
      expect(problems).toContain('the viewer rendered a blank page (#root is empty)');
      expect(problems).toContainEqual(expect.stringMatching(/console error: .*dynamically imported module.*extension\.js/));
    } finally {
      await page.close();
    }
  });
});
