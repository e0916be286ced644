/**
 * The viewer end to end, with real parts only (harness/deployment.ts): a source Orthanc with DICOMweb, two peer
 * Orthancs, the sidecar (`deid-share serve`), the published OHIF viewer served by our viewer host with our
 * extension and mode, and headless Chromium. What arrives on a peer is read back from its REST API.
 */
import type { Browser, Page } from 'playwright-core';
import { OrthancClient } from '@deid-share/orthanc-client';
import type { LocalOrthanc } from '@deid-share/orthanc-local';
import { expectViewer, launchBrowser, watchPage, ViewerNotReady, type PageWatch } from './harness/browser.js';
import { PEERS, startViewerDeployment, type ViewerDeployment } from './harness/deployment.js';
import { luminanceSpread, waitForSpread } from './harness/pixels.js';
import { SAMPLE_STUDY, SECOND_STUDY } from './harness/sampleStudy.js';
import { screenshot } from './harness/screenshots.js';

const PATIENT_IN_LIST = 'DOE, JANE';
const STUDY_LIST_READY = `text=${PATIENT_IN_LIST}`;
const PANEL = '[data-cy=deid-share-panel]';
const SHARES = '/api/v1/shares';

let world: ViewerDeployment;
let browser: Browser;

beforeAll(async () => {
  world = await startViewerDeployment([SAMPLE_STUDY, SECOND_STUDY]);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await world?.stop();
});

/** A page in its own browser context, signed in as the radiologist through a one-time link, as the demo does. */
async function newPage({ signedIn = true, token = world.tokens.radiologist } = {}): Promise<{ page: Page; watch: PageWatch }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  if (signedIn) {
    const signIn = await page.context().request.get(await world.host.signInLink(token), { maxRedirects: 0 });
    expect(signIn.status()).toBe(303);
  }
  return { page, watch: watchPage(page) };
}

/** Opens the study list, selects the sample study and launches the De-identify & Share workflow from it. */
async function enterMode(page: Page, watch: PageWatch): Promise<void> {
  await page.goto(`${world.host.url}/`);
  await expectViewer(page, watch, STUDY_LIST_READY);
  await page.getByText(PATIENT_IN_LIST).first().click();
  await page.getByRole('button', { name: 'De-identify & Share' }).click();
  await expectViewer(page, watch, PANEL);
}

/** The panel from its top (study, shares), as the user sees it after scrolling up; for screenshots. */
async function scrolledPanel(page: Page) {
  const host = page.locator('[data-cy=deid-share-panel-host]');
  await host.evaluate((element) => element.scrollTo(0, 0));
  return host;
}

/** Ticks the peer, clicks Share… and confirms. */
async function shareWith(page: Page, peer: string): Promise<void> {
  await page.locator(`[data-cy=deid-share-peer-${peer}] input`).check();
  await page.locator('[data-cy=deid-share-share-button]').click();
  await page.locator('[data-cy=deid-share-confirm-button]').click();
}

const sharePosts = (watch: PageWatch) => watch.apiCalls.filter((call) => call.method === 'POST' && call.path === SHARES).map((call) => call.body);

function orthancClient(orthanc: LocalOrthanc): OrthancClient {
  return new OrthancClient({ url: orthanc.url, ...(orthanc.credentials && { auth: orthanc.credentials }) });
}

describe('De-identify & Share in the OHIF viewer, against the real sidecar', () => {
  test('the study list offers the mode per study; entering it shows the image, the toolbar button and the panel', async () => {
    const { page, watch } = await newPage();
    const dicomWebAuthorizations: Array<string | undefined> = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/dicom-web/')) dicomWebAuthorizations.push(request.headers().authorization);
    });
    try {
      await page.goto(`${world.host.url}/`);
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

      // The peers this radiologist may share to, from the sidecar, each with its profile.
      await expect(page.locator(`[data-cy=deid-share-peer-${PEERS.amsterdam}]`).innerText()).resolves.toContain('EuCanImage');
      await page.locator(`[data-cy=deid-share-peer-${PEERS.registry}]`).waitFor();
      await page.locator('[data-cy=deid-share-preview]').waitFor();
      // The link to the admin console is for admins only.
      expect(await page.locator('[data-cy=deid-share-admin-link]').count()).toBe(0);

      // The toolbar button brings the panel back after the user switched to another right-side panel.
      await page.locator('[data-cy=trackedMeasurements-btn]').click();
      await page.locator(PANEL).waitFor({ state: 'hidden' });
      await page.locator('[data-cy=DeidShare]').click();
      await page.locator(PANEL).waitFor({ state: 'visible' });

      expect(watch.pageErrors).toEqual([]);
      expect(watch.pluginFailures).toEqual([]);
      expect(watch.offLoopback).toEqual([]);
      expect(watch.apiCalls.length).toBeGreaterThan(0);
      // The browser holds no token: its session cookie (HttpOnly) authenticates it, the host adds the token.
      expect(watch.apiCalls.filter((call) => call.authorization !== undefined)).toEqual([]);
      expect(await page.evaluate(() => document.cookie)).not.toContain('deid_share_session');
      expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).not.toContain(world.tokens.radiologist);
      // The browser reads Orthanc (which requires basic auth) without ever holding its credentials.
      expect(dicomWebAuthorizations.length).toBeGreaterThan(0);
      expect(dicomWebAuthorizations.filter((value) => value !== undefined)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('preview, share, progress to done: the peer Orthanc holds the de-identified study without the original name or ID', async () => {
    const { page, watch } = await newPage();
    try {
      await enterMode(page, watch);

      // Preview under lab-amsterdam's profile: the original identifiers, what leaves instead, removed ones marked.
      const preview = page.locator('[data-cy=deid-share-preview]');
      await preview.waitFor();
      await expect(preview.getAttribute('data-status')).resolves.toBe('ok');
      const patientName = preview.locator('tr', { hasText: 'PatientName' });
      await expect(patientName.locator('.ds-original').innerText()).resolves.toBe(SAMPLE_STUDY.patientName);
      await expect(patientName.locator('.ds-result').innerText()).resolves.not.toContain(SAMPLE_STUDY.patientName);
      const removed = page.locator('[data-cy=deid-share-preview-row-removed]');
      expect(await removed.count()).toBeGreaterThan(0);
      await expect(removed.allInnerTexts()).resolves.toContainEqual(expect.stringContaining('GREY^MEREDITH'));
      await expect(removed.first().locator('.ds-original').evaluate((el) => getComputedStyle(el).textDecorationLine)).resolves.toBe(
        'line-through',
      );
      await expect(page.locator('[data-cy=deid-share-preview-summary]').innerText()).resolves.toMatch(/\d+ removed/);
      await screenshot(page, 'panel-preview');

      // Nothing leaves before the confirmation.
      const shareButton = page.locator('[data-cy=deid-share-share-button]');
      await expect(shareButton.isDisabled()).resolves.toBe(true);
      await page.locator(`[data-cy=deid-share-peer-${PEERS.amsterdam}] input`).check();
      await shareButton.click();
      await page.locator('[data-cy=deid-share-confirm]').waitFor();
      expect(sharePosts(watch)).toEqual([]);

      // Progress: the peer stores two instances, then holds the rest until the test has looked.
      world.gate.holdAfter(2);
      await page.locator('[data-cy=deid-share-confirm-button]').click();
      await world.gate.holding();
      const progress = page.locator(`[data-cy=deid-share-progress-${PEERS.amsterdam}]`);
      const bar = progress.locator('[role=progressbar]');
      await progress.locator('text=2 / 6 sent').waitFor();
      await expect(bar.getAttribute('aria-valuenow')).resolves.toBe('2');
      await expect(progress.getAttribute('data-status')).resolves.toBe('running');
      await screenshot(await scrolledPanel(page), 'panel-progress', { hideToasts: true });
      expect(sharePosts(watch)).toEqual([{ studyInstanceUID: SAMPLE_STUDY.studyInstanceUID, peers: [PEERS.amsterdam] }]);

      // Done: the bar is full and the panel links to the copy on the peer.
      world.gate.open();
      await page.locator('[data-cy=deid-share-share][data-status=done]').waitFor();
      await expect(progress.locator('[data-cy=deid-share-progress-label]').innerText()).resolves.toBe('6 / 6 sent');
      await expect(bar.getAttribute('aria-valuenow')).resolves.toBe('6');
      await page.getByText(`Study shared with ${PEERS.amsterdam}.`).waitFor();
      const href = await page.locator('[data-cy=deid-share-peer-link]').getAttribute('href');
      await screenshot(await scrolledPanel(page), 'panel-done', { hideToasts: true });

      // The peer's REST API: one study, six instances, none carrying the original name or ID anywhere in the file.
      const link = new URL(href ?? '');
      expect(`${link.origin}${link.pathname}`).toBe(`${world.peers.amsterdam.url}/app/explorer.html`);
      const peerStudyId = new URLSearchParams(link.hash.replace(/^#study\?/, '')).get('uuid') ?? '';
      const peer = orthancClient(world.peers.amsterdam);
      try {
        const copy = await peer.getStudy(peerStudyId);
        expect(copy.MainDicomTags.StudyInstanceUID).not.toBe(SAMPLE_STUDY.studyInstanceUID);
        expect(copy.PatientMainDicomTags.PatientName).not.toBe(SAMPLE_STUDY.patientName);
        expect(copy.PatientMainDicomTags.PatientID).not.toBe(SAMPLE_STUDY.patientId);
        const instances = await peer.getStudyInstances(peerStudyId);
        expect(instances).toHaveLength(6);
        for (const instance of instances) {
          const file = (await peer.getInstanceFile(instance.ID)).toString('latin1');
          expect([SAMPLE_STUDY.patientName, SAMPLE_STUDY.patientId].filter((identifier) => file.includes(identifier))).toEqual([]);
        }

        // The link opens the copy in the peer's Orthanc Explorer (for a user holding the peer's credentials).
        const explorer = await browser.newContext({ httpCredentials: world.peers.amsterdam.credentials! });
        try {
          const explorerPage = await explorer.newPage();
          await explorerPage.goto(href ?? '');
          await explorerPage.getByText(copy.PatientMainDicomTags.PatientID ?? '').first().waitFor();
        } finally {
          await explorer.close();
        }
      } finally {
        await peer.close();
      }
      expect(watch.pageErrors).toEqual([]);
    } finally {
      world.gate.open();
      await page.close();
    }
  });

  test('several studies: each chosen study is its own share; one with an image holding burned-in text ends partial, with the reason', async () => {
    const { page, watch } = await newPage();
    try {
      const studies = [SAMPLE_STUDY.studyInstanceUID, SECOND_STUDY.studyInstanceUID];
      await page.goto(`${world.host.url}/deid-share?StudyInstanceUIDs=${studies.join(',')}`);
      await expectViewer(page, watch, '[data-cy=deid-share-peers]');
      const rows = page.locator('[data-cy=deid-share-study]');
      await expect(rows.count()).resolves.toBe(2);
      await expect(rows.nth(1).innerText()).resolves.toContain('E2E second study');

      // The second study's first image declares burned-in text: its preview says it would be withheld, and why.
      await page.getByLabel('Study to preview').selectOption(SECOND_STUDY.studyInstanceUID);
      const heldBack = page.locator('[data-cy=deid-share-preview-held-back]');
      await expect(heldBack.innerText()).resolves.toMatch(/would be withheld[\s\S]*Burned In Annotation/);

      await page.locator(`[data-cy=deid-share-peer-${PEERS.amsterdam}] input`).check();
      await page.locator('[data-cy=deid-share-share-button]').click();
      await expect(page.locator('[data-cy=deid-share-confirm]').innerText()).resolves.toContain('2 studies');
      await page.locator('[data-cy=deid-share-confirm-button]').click();

      const partial = page.locator('[data-cy=deid-share-share][data-status=partial]');
      await partial.waitFor();
      await page.locator('[data-cy=deid-share-share][data-status=done]').waitFor();
      await expect(partial.innerText()).resolves.toContain('E2E second study');
      await expect(partial.locator('[data-cy=deid-share-peer-reason]').innerText()).resolves.toContain('1 withheld');
      await expect(partial.locator('[data-cy=deid-share-reasons] li').allInnerTexts()).resolves.toEqual([
        expect.stringMatching(/^withheld Burned In Annotation \(0028,0301\) is YES[\s\S]*\.1\.1$/i),
      ]);
      await page.getByText(/ended partial: see the De-identify & Share panel/).waitFor();
      await screenshot(await scrolledPanel(page), 'panel-partial', { hideToasts: true });
      expect(sharePosts(watch)).toEqual(studies.map((studyInstanceUID) => ({ studyInstanceUID, peers: [PEERS.amsterdam] })));
      expect(watch.pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('a share to a peer that is down is reported failed in the panel, with the reason', async () => {
    const { page, watch } = await newPage();
    try {
      await world.peers.registry.stop();
      await enterMode(page, watch);
      await shareWith(page, PEERS.registry);
      const failed = page.locator('[data-cy=deid-share-share][data-status=failed]');
      await failed.waitFor({ timeout: 30_000 });
      const progress = failed.locator(`[data-cy=deid-share-progress-${PEERS.registry}]`);
      await expect(progress.getAttribute('data-status')).resolves.toBe('failed');
      await expect(progress.locator('[data-cy=deid-share-peer-reason]').innerText()).resolves.toContain(`peer ${PEERS.registry} could not be reached`);
      // Every instance failed alike: one line for the six.
      await expect(progress.locator('[data-cy=deid-share-reasons] li').allInnerTexts()).resolves.toEqual([
        expect.stringMatching(/^failed \(6 instances\) not delivered: peer registry-nl could not be reached[\s\S]* and 3 more$/i),
      ]);
      await page.getByText(/ended failed: see the De-identify & Share panel/).waitFor();
      await screenshot(await scrolledPanel(page), 'panel-failed', { hideToasts: true });
    } finally {
      await page.close();
    }
  });

  test('a wrong token (401) and a token without the radiologist role (403) show a clear message, never a blank panel', async () => {
    const { page, watch } = await newPage();
    let token = 'not-a-token-the-sidecar-knows';
    try {
      // The page is signed in (images load); its API calls carry another token, which the host passes to the sidecar.
      await page.route('**/api/v1/**', (route) => route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${token}` } }));
      await enterMode(page, watch);
      const error = page.locator('[data-cy=deid-share-error]');
      await expect(error.innerText()).resolves.toContain('Sign-in required');
      await screenshot(await scrolledPanel(page), 'panel-unauthenticated');

      // Orthanc's hook token is valid but may only offer stable studies.
      token = world.tokens.orthanc;
      await page.reload();
      await expectViewer(page, watch, PANEL);
      await error.getByText('Not allowed', { exact: true }).waitFor();
      await expect(error.innerText()).resolves.toContain('this needs the radiologist or admin role');
    } finally {
      await page.close();
    }
  });

  test('an admin finds the link to the admin console in the panel, and it opens the console signed in', async () => {
    const { page, watch } = await newPage({ token: world.tokens.admin });
    try {
      await page.goto(`${world.host.url}/deid-share?StudyInstanceUIDs=${SAMPLE_STUDY.studyInstanceUID}`);
      await expectViewer(page, watch, PANEL);
      const link = page.locator('[data-cy=deid-share-admin-link]');
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe('/admin');
      const [adminConsole] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
      await adminConsole.locator('[data-cy=admin-user]', { hasText: 'dpo-admin (admin)' }).waitFor();
      await adminConsole.locator(`[data-cy=admin-peer-${PEERS.amsterdam}]`).waitFor();
    } finally {
      await page.context().close();
    }
  });

  test('without signing in, the study list gets 401 from the viewer host and shows no patient', async () => {
    const { page } = await newPage({ signedIn: false });
    const dicomWebStatuses: number[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/dicom-web/')) dicomWebStatuses.push(response.status());
    });
    try {
      const firstSearch = page.waitForResponse((response) => new URL(response.url()).pathname.startsWith('/dicom-web/'));
      await page.goto(`${world.host.url}/`);
      expect((await firstSearch).status()).toBe(401);
      await page.waitForLoadState('networkidle');
      expect(dicomWebStatuses.filter((status) => status !== 401)).toEqual([]);
      expect(await page.getByText(PATIENT_IN_LIST).count()).toBe(0);
    } finally {
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
      await page.goto(`${world.host.url}/deid-share?StudyInstanceUIDs=${SAMPLE_STUDY.studyInstanceUID}`);
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
      await page.goto(`${world.host.url}/`);
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
