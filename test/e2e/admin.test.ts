/**
 * The admin console end to end, with real parts only (harness/adminDeployment.ts): the sidecar (`deid-share serve`),
 * a source and two peer Orthancs, the viewer host serving /admin, and headless Chromium. What the console claims is
 * checked against the sidecar's API and the peers' own REST APIs.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { LocalOrthanc } from '@deid-share/orthanc-local';
import { basicAuth } from '../support/studies.js';
import { Api } from '../integration/support/api.js';
import { launchBrowser, watchPage, type PageWatch } from './harness/browser.js';
import { findFreeLoopbackPort } from '@deid-share/orthanc-local';
import { ADMIN_PEERS, startAdminDeployment, type AdminDeployment } from './harness/adminDeployment.js';
import { OIDC_AUDIENCE, OIDC_CLIENT_ID, OIDC_SCOPE, startOidcIssuer, type OidcIssuer } from './harness/oidcIssuer.js';
import { SAMPLE_STUDY, SECOND_STUDY } from './harness/sampleStudy.js';
import { screenshot } from './harness/screenshots.js';

let world: AdminDeployment;
let issuer: OidcIssuer;
let browser: Browser;
let admin: Api;
let radiologist: Api;

beforeAll(async () => {
  const hostPort = await findFreeLoopbackPort();
  issuer = await startOidcIssuer({ ada: ['deid-admins'], rita: ['deid-radiologists'] }, `http://127.0.0.1:${hostPort}/auth/oidc/callback`);
  world = await startAdminDeployment([SAMPLE_STUDY, SECOND_STUDY], {
    oidc: issuer.sidecarConfig,
    hostOidc: { issuer: issuer.issuer, clientId: OIDC_CLIENT_ID, scope: `openid ${OIDC_SCOPE}`, resource: OIDC_AUDIENCE },
    hostPort,
  });
  browser = await launchBrowser();
  admin = new Api(world.sidecar.url, world.tokens.admin);
  radiologist = new Api(world.sidecar.url, world.tokens.radiologist);
  // One share done before the console opens: the peers page lists it, and the profile change previews its study.
  const { body } = await radiologist.post('/api/v1/shares', { studyInstanceUID: SAMPLE_STUDY.studyInstanceUID, peers: [ADMIN_PEERS.central] });
  expect((await radiologist.waitForJob(body.id)).status).toBe('done');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await world?.stop();
  await issuer?.stop();
});

/** A fresh browser context (no cookie), at 1280×800, signed in to /admin with a token typed into the form. */
async function signedIn(token: string): Promise<{ page: Page; watch: PageWatch }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const watch = watchPage(page);
  await page.goto(`${world.host.url}/admin`);
  await page.getByLabel('Sidecar token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-cy=admin-user]').waitFor();
  return { page, watch };
}

/** Every control on the page has an accessible name (a label, an aria-label or its text). */
async function expectLabelled(page: Page): Promise<void> {
  const unnamed = await page.evaluate(() =>
    Array.from(document.querySelectorAll('input, select, textarea, button, a[href]'))
      .filter((element) => {
        const labels = (element as HTMLInputElement).labels;
        return !((labels && labels.length > 0) || element.getAttribute('aria-label') || element.getAttribute('aria-labelledby') || (element.textContent ?? '').trim());
      })
      .map((element) => element.outerHTML.slice(0, 120)),
  );
  expect(unnamed).toEqual([]);
}

/** Presses Tab until the focused element's text is `name` (at most 40 times): what a keyboard user does. */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => (document.activeElement?.textContent ?? '').trim())) === name) return;
  }
  throw new Error(`"${name}" cannot be reached with the Tab key`);
}

/** How many studies a peer's Orthanc holds, read from its own REST API. */
const studiesOn = async (orthanc: LocalOrthanc) => ((await (await fetch(`${orthanc.url}/studies`, { headers: basicAuth(orthanc.credentials) })).json()) as string[]).length;

describe('the admin console, against the real sidecar', () => {
  test('sign-in keeps the token out of the page; the peers page shows each peer live', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${world.host.url}/admin`);
    await page.getByLabel('Sidecar token').waitFor();
    await screenshot(page, 'admin-sign-in');
    await expectLabelled(page);
    await page.getByLabel('Sidecar token').fill(world.tokens.admin);
    await page.keyboard.press('Enter');
    const central = page.locator(`[data-cy=admin-peer-${ADMIN_PEERS.central}]`);
    await central.locator('[data-cy=admin-peer-reachability]', { hasText: 'reachable (' }).waitFor();
    await page.locator(`[data-cy=admin-peer-${ADMIN_PEERS.registry}] [data-cy=admin-peer-reachability]`, { hasText: 'reachable (' }).waitFor();
    await central.getByText('Last shares to central-archive').waitFor();
    for (const fact of [world.peers.central.url, 'eucanimage', 'keyed-hash', `peer:${ADMIN_PEERS.central}`, 'ct-to-central']) {
      expect(await central.innerText()).toContain(fact);
    }
    await screenshot(page, 'admin-peers');
    await expectLabelled(page);

    // The keyboard alone reaches every page and opens a share's details.
    await tabTo(page, 'Shares');
    await page.keyboard.press('Enter');
    await page.locator('[data-cy=admin-share-row]').first().waitFor();
    await expectLabelled(page);
    await tabTo(page, 'Details');
    await page.keyboard.press('Enter');
    await page.locator('[data-cy=admin-share-detail]').waitFor();
    for (const [link, heading] of [['Erasure', 'Erasure'], ['Audit log', 'Audit log']] as const) {
      await page.locator('body').focus();
      await tabTo(page, link);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await expectLabelled(page);
    }

    // The session is an HttpOnly cookie: nothing the page's scripts can read holds the token.
    const readable = await page.evaluate(() => JSON.stringify({ cookie: document.cookie, local: { ...localStorage }, session: { ...sessionStorage }, url: location.href }));
    expect(readable).not.toContain(world.tokens.admin);
    expect(JSON.parse(readable).cookie).toBe('');
    await context.close();
  });

  test("changing a peer's profile shows the difference first, asks for a reason and is audited", async () => {
    const { page } = await signedIn(world.tokens.admin);
    await page.locator(`[data-cy=admin-peer-${ADMIN_PEERS.central}] [data-cy=admin-change-profile]`).click();
    await page.getByLabel('Profile', { exact: true }).selectOption('ps3.15-basic');
    await page.getByLabel('retain-patient-characteristics').check();
    await expect(page.locator('[data-cy=admin-save-profile]').count()).resolves.toBe(0);
    await page.locator('[data-cy=admin-show-impact]').click();

    const impact = page.locator('[data-cy=admin-impact]');
    await impact.waitFor();
    // The same figures as the engine's AI4HI comparison, read from the API the console calls.
    const expected = await admin.post(`/api/v1/admin/peers/${ADMIN_PEERS.central}/profile-impact`, { profile: 'ps3.15-basic', options: ['retain-patient-characteristics'] });
    expect(expected.status).toBe(200);
    const changed: number = expected.body.attributes.changed.length;
    expect(changed).toBeGreaterThan(0);
    await page.locator('[data-cy=admin-impact-summary]', { hasText: `${changed} attributes change action` }).waitFor();
    const groups = await page.locator('[data-cy=admin-impact-groups] tbody tr').allInnerTexts();
    expect(groups.length).toBe(expected.body.attributes.groups.length);
    expect(expected.body.attributes.groups.reduce((sum: number, group: { count: number }) => sum + group.count, 0)).toBe(changed);
    // The real study under both: EUCanImage keeps the device identity, the basic profile removes it.
    const preview = page.locator('[data-cy=admin-impact-preview]');
    await preview.getByText(SAMPLE_STUDY.studyInstanceUID).waitFor();
    const station = (await preview.locator('tr', { hasText: 'StationName' }).locator('td').allInnerTexts()).map((text) => text.trim());
    expect(station).toEqual([expect.stringContaining('StationName'), 'kept CT-ROOM-2', 'replaced REMOVED']);
    expect(expected.body.preview.rows.find((row: { keyword: string }) => row.keyword === 'StationName')).toMatchObject({
      current: { action: 'kept', value: 'CT-ROOM-2' },
      proposed: { action: 'replaced', value: 'REMOVED' },
    });
    await screenshot(page.locator('[data-cy=admin-profile-change]'), 'admin-profile-change');
    await expectLabelled(page);

    const save = page.locator('[data-cy=admin-save-profile]');
    expect(await save.isDisabled()).toBe(true);
    await page.getByLabel('Reason for this change (kept in the audit log)').fill('Study protocol v2 keeps age and sex');
    await save.click();
    await page.locator(`[data-cy=admin-peer-${ADMIN_PEERS.central}] [data-cy=admin-peer-profile]`, { hasText: 'ps3.15-basic' }).waitFor();
    await page.locator(`[data-cy=admin-peer-${ADMIN_PEERS.central}]`, { hasText: 'set by dpo-admin' }).waitFor();

    const setting = await admin.get(`/api/v1/admin/peers/${ADMIN_PEERS.central}/profile`);
    expect(setting.body).toMatchObject({ profile: 'ps3.15-basic', options: ['retain-patient-characteristics'], source: 'admin', updatedBy: 'dpo-admin' });
    const audit = await admin.get(`/api/v1/admin/audit?action=peer.profile.changed&peer=${ADMIN_PEERS.central}`);
    expect(audit.body).toHaveLength(1);
    expect(audit.body[0]).toMatchObject({
      actor: 'dpo-admin',
      role: 'admin',
      profileId: 'ps3.15-basic',
      details: { reason: 'Study protocol v2 keeps age and sex', before: { profile: 'eucanimage' }, after: { profile: 'ps3.15-basic', options: ['retain-patient-characteristics'] } },
    });

    // The audit page shows it, and exports what the filter selects as CSV.
    await page.locator('[data-cy=admin-nav-audit]').click();
    await page.locator('[data-cy=admin-audit-action]').selectOption('peer.profile.changed');
    await page.locator('[data-cy=admin-audit-row][data-action="peer.profile.changed"]', { hasText: 'Study protocol v2' }).waitFor();
    expect(await page.locator('[data-cy=admin-audit-row]').count()).toBe(1);
    await page.locator('[data-cy=admin-audit-action]').selectOption('');
    await page.locator('[data-cy=admin-audit-row][data-action="share.requested"]').first().waitFor();
    await screenshot(page, 'admin-audit');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-cy=admin-audit-export]').click()]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,actor,role,action,peer,jobId,profileId,profileSha256,details');
    expect(lines.length - 1).toBe((await admin.get('/api/v1/admin/audit?limit=1000')).body.length);
    expect(csv).toContain('peer.profile.changed');
    await page.context().close();
  });

  test('a radiologist is refused: the console says so, and the sidecar refuses the change itself', async () => {
    const { page } = await signedIn(world.tokens.radiologist);
    await page.locator('[data-cy=admin-not-admin]', { hasText: 'needs the admin role' }).waitFor();
    expect(await page.locator('[data-cy=admin-nav-peers]').count()).toBe(0);
    await screenshot(page, 'admin-refused');
    // Even a hand-made request from the radiologist's session is refused by the sidecar, and nothing changes.
    const answer = await page.evaluate(async (peer) => {
      const response = await fetch(`/api/v1/admin/peers/${peer}/profile`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ profile: 'tcia', reason: 'not mine to change' }),
      });
      return { status: response.status, body: await response.json() };
    }, ADMIN_PEERS.registry);
    expect(answer).toEqual({ status: 403, body: { error: { code: 'forbidden', message: 'this needs the admin role' } } });
    expect((await admin.get(`/api/v1/admin/peers/${ADMIN_PEERS.registry}/profile`)).body).toMatchObject({ profile: 'health-ri-strict', source: 'config' });
    await page.context().close();
  });

  test('a failed share is retried from the console and ends done once the peer is back', async () => {
    await world.stopRegistry();
    const { body } = await radiologist.post('/api/v1/shares', { studyInstanceUID: SAMPLE_STUDY.studyInstanceUID, peers: [ADMIN_PEERS.registry] });
    expect((await radiologist.waitForJob(body.id)).status).toBe('failed');

    const { page } = await signedIn(world.tokens.admin);
    await page.locator('[data-cy=admin-nav-shares]').click();
    await page.locator('[data-cy=admin-filter-status]').selectOption('failed');
    const row = page.locator(`[data-cy=admin-share-row][data-job="${body.id}"]`);
    await row.locator('[data-cy=admin-share-details]').click();
    const detail = page.locator('[data-cy=admin-share-detail]');
    await detail.getByText(/not delivered: peer registry-nl could not be reached/).waitFor();
    await screenshot(page, 'admin-shares-failed');

    await world.startRegistry();
    await detail.locator('[data-cy=admin-retry-share]').click();
    const started = await page.locator('[data-cy=admin-retry-started]').innerText();
    const retryId = /share ([0-9a-f-]{36})/.exec(started)?.[1] as string;
    expect(retryId).toBeDefined();
    await page.locator('[data-cy=admin-filter-status]').selectOption('');
    const retried = page.locator(`[data-cy=admin-share-row][data-job="${retryId}"]`);
    await retried.locator(`[data-cy=admin-peer-progress][data-peer=${ADMIN_PEERS.registry}]`, { hasText: '6/6 sent' }).waitFor({ timeout: 60_000 });
    await retried.getByText('done', { exact: true }).first().waitFor();
    await screenshot(page, 'admin-shares');

    // The copy on the peer opens from the share's details (the peer's own Orthanc Explorer by default).
    await retried.locator('[data-cy=admin-share-details]').click();
    const copyLink = page.locator('[data-cy=admin-share-detail] [data-cy=admin-open-copy]');
    const peerStudyId = ((await admin.get(`/api/v1/shares/${retryId}`)).body.peers[0].peerStudyId) as string;
    expect(await copyLink.getAttribute('href')).toBe(`${world.peers.registry.url}/app/explorer.html#study?uuid=${peerStudyId}`);

    const job = await admin.get(`/api/v1/shares/${retryId}`);
    expect(job.body).toMatchObject({ status: 'done', requestedBy: 'dpo-admin', peers: [{ peer: ADMIN_PEERS.registry, status: 'done', done: 6, total: 6 }] });
    expect(await studiesOn(world.peers.registry)).toBe(1);
    const audit = await admin.get(`/api/v1/admin/audit?jobId=${retryId}&action=share.requested`);
    expect(audit.body[0]).toMatchObject({ actor: 'dpo-admin', details: { retryOf: body.id } });
    await page.context().close();
  });

  test("an erasure is followed to completion on both peers; the Patient ID is not shown back", async () => {
    expect(await studiesOn(world.peers.central)).toBe(1);
    expect(await studiesOn(world.peers.registry)).toBe(1);
    const { page } = await signedIn(world.tokens.admin);
    await page.locator('[data-cy=admin-nav-erasure]').click();
    await page.getByLabel('Original Patient ID (as in the hospital\'s Orthanc)').fill(SAMPLE_STUDY.patientId);
    await page.getByLabel(/I confirm/).check();
    await page.locator('[data-cy=admin-erase]').click();

    const evidence = page.locator('[data-cy=admin-erasure-evidence]');
    await evidence.getByText('complete', { exact: true }).waitFor({ timeout: 60_000 });
    for (const peer of Object.values(ADMIN_PEERS)) {
      const row = evidence.locator(`[data-cy=admin-erasure-peer][data-peer=${peer}]`);
      await expect(row.innerText()).resolves.toMatch(/done[\s\S]*found by/);
    }
    await page.locator('[data-cy=admin-erasures] tbody tr').first().waitFor();
    await screenshot(page, 'admin-erasure');
    expect(await page.content()).not.toContain(SAMPLE_STUDY.patientId);
    expect(await page.getByLabel("Original Patient ID (as in the hospital's Orthanc)").inputValue()).toBe('');

    expect(await studiesOn(world.peers.central)).toBe(0);
    expect(await studiesOn(world.peers.registry)).toBe(0);
    const [event] = (await admin.get('/api/v1/admin/audit?action=erasure')).body;
    expect(event.details).toMatchObject({ status: 'complete', deleted: { [ADMIN_PEERS.central]: 1, [ADMIN_PEERS.registry]: 1 } });
    expect(JSON.stringify(event)).not.toContain(SAMPLE_STUDY.patientId);
    await page.context().close();
  });

  test('a partial share lists the instances held back and why; the list filters by peer, origin and date', async () => {
    const { body } = await radiologist.post('/api/v1/shares', { studyInstanceUID: SECOND_STUDY.studyInstanceUID, peers: [ADMIN_PEERS.central] });
    const job = await radiologist.waitForJob(body.id);
    expect(job.status).toBe('partial');
    const withheld = job.peers[0].reasons.filter((reason: { status: string }) => reason.status === 'withheld');
    expect(withheld).toHaveLength(1);

    const { page } = await signedIn(world.tokens.admin);
    await page.locator('[data-cy=admin-nav-shares]').click();
    const row = page.locator(`[data-cy=admin-share-row][data-job="${body.id}"]`);
    await row.locator(`[data-cy=admin-peer-progress][data-peer=${ADMIN_PEERS.central}]`, { hasText: '2/3 sent, 1 withheld' }).waitFor();
    await row.locator('[data-cy=admin-share-details]').click();
    const group = page.locator('[data-cy=admin-share-detail] tr', { hasText: 'withheld' });
    await expect(group.innerText()).resolves.toContain(withheld[0].reason);

    // Filters: each narrows the live list as the API does.
    const shown = () => page.locator('[data-cy=admin-share-row]').evaluateAll((rows) => rows.map((element) => element.getAttribute('data-job')));
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE');
    await page.locator('[data-cy=admin-filter-peer]').selectOption(ADMIN_PEERS.registry);
    await page.waitForFunction((id) => !document.querySelector(`[data-cy=admin-share-row][data-job="${id}"]`), body.id);
    expect((await shown()).length).toBe((await admin.get(`/api/v1/shares?peer=${ADMIN_PEERS.registry}`)).body.length);
    await page.locator('[data-cy=admin-filter-peer]').selectOption(ADMIN_PEERS.central);
    await page.getByLabel('Origin', { exact: true }).selectOption('request');
    await page.getByLabel('From', { exact: true }).fill(day(0));
    await row.waitFor();
    await page.getByLabel('To', { exact: true }).fill(day(-1));
    await page.getByText('No share matches these filters.').waitFor();
    await page.context().close();
  });

  test('signs in through the OIDC issuer (authorization code + PKCE), an admin account in, a radiologist account refused', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // The issuer's development login page asks for a web font: nothing leaves loopback in tests.
    await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
    const page = await context.newPage();
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    const signInAs = async (login: string) => {
      await page.goto(`${world.host.url}/admin`);
      await page.locator('[data-cy=admin-oidc-sign-in]').click();
      // The issuer's own pages: login, then consent.
      await page.locator('input[name=login]').fill(login);
      await page.locator('input[name=password]').fill('any password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('[data-cy=admin-user]').waitFor();
    };
    await signInAs('ada');
    await expect(page.locator('[data-cy=admin-user]').innerText()).resolves.toContain('ada (admin)');
    await page.locator(`[data-cy=admin-peer-${ADMIN_PEERS.central}]`).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin');
    const authorize = new URL(urls.find((url) => url.startsWith(`${issuer.issuer}/auth?`)) as string);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // No token in any URL the browser opened, none readable by the page.
    expect(urls.filter((url) => /access_token|id_token|token=/.test(url))).toEqual([]);
    expect(await page.evaluate(() => document.cookie + JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).toBe('{}{}');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await context.clearCookies({ domain: '127.0.0.1' });
    await signInAs('rita');
    await page.locator('[data-cy=admin-not-admin]', { hasText: 'needs the admin role' }).waitFor();
    await context.close();
  });

  test('when the sidecar is down, the console says so and what to check', async () => {
    const { page } = await signedIn(world.tokens.admin);
    await world.sidecar.kill();
    await page.reload();
    const error = page.locator('[data-cy=admin-peers-error]');
    await error.getByText('Sharing service unreachable').waitFor();
    await expect(error.innerText()).resolves.toContain('Check that the sidecar runs');
    await screenshot(page, 'admin-unreachable');
    await page.context().close();
  });
});
