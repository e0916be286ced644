/**
 * The host's OIDC sign-in (authorization code + PKCE) against a stand-in issuer that records what it is sent.
 * The real flow, with a real issuer and a browser, is test/e2e/admin.test.ts; here: what must be refused.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startViewerHost, type ViewerHost } from '@deid-share/viewer-host';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The stand-in issuer hands out sidecar tokens as access tokens: the host checks them like any other credential. */
const TOKENS = { admin: 'admin-token', orthanc: 'orthanc-hook-token' };
const AUTH = {
  tokens: [
    { name: 'dpo-admin', sha256: sha256(TOKENS.admin), roles: ['admin' as const] },
    { name: 'orthanc-source', sha256: sha256(TOKENS.orthanc), roles: ['orthanc' as const] },
  ],
};

interface Issuer {
  url: string;
  server: Server;
  /** The form bodies the token endpoint received. */
  exchanges: URLSearchParams[];
  /** The access token the next exchange hands out. */
  next: { accessToken: string };
}

async function standInIssuer(): Promise<Issuer> {
  const issuer: Issuer = { url: '', server: createServer(), exchanges: [], next: { accessToken: TOKENS.admin } };
  issuer.server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') {
        return res.end(JSON.stringify({ issuer: issuer.url, authorization_endpoint: `${issuer.url}/authorize`, token_endpoint: `${issuer.url}/token` }));
      }
      if (req.url === '/token' && req.method === 'POST') {
        issuer.exchanges.push(new URLSearchParams(Buffer.concat(chunks).toString()));
        return res.end(JSON.stringify({ access_token: issuer.next.accessToken, token_type: 'Bearer', expires_in: 600 }));
      }
      res.statusCode = 404;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => issuer.server.listen(0, '127.0.0.1', resolve));
  issuer.url = `http://127.0.0.1:${(issuer.server.address() as AddressInfo).port}`;
  return issuer;
}

describe('OIDC sign-in in the viewer host', () => {
  let root: string;
  let issuer: Issuer;
  let host: ViewerHost;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'viewer-host-oidc-'));
    mkdirSync(join(root, 'plugins'));
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'plugins', 'extension.js'), '');
    writeFileSync(join(root, 'plugins', 'mode.js'), '');
    issuer = await standInIssuer();
    host = await startViewerHost({
      ohifDist: root,
      pluginDir: join(root, 'plugins'),
      orthancUrl: 'http://127.0.0.1:9',
      sidecarUrl: 'http://127.0.0.1:9',
      auth: AUTH,
      oidc: { issuer: issuer.url, clientId: 'console', resource: 'urn:deid-share:sidecar' },
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await host.stop();
    issuer.server.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Starts a sign-in: the issuer's authorization URL and the state cookie the host set. */
  async function start(next = '/admin') {
    const answer = await fetch(`${host.url}/auth/oidc/start?next=${encodeURIComponent(next)}`, { redirect: 'manual' });
    expect(answer.status).toBe(303);
    const location = new URL(answer.headers.get('location') as string);
    return { location, state: location.searchParams.get('state') as string, cookie: (answer.headers.get('set-cookie') ?? '').split(';')[0] as string };
  }

  const callback = (query: string, cookie?: string) => fetch(`${host.url}/auth/oidc/callback?${query}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

  it('says which issuer it signs in with', async () => {
    expect(await (await fetch(`${host.url}/auth/oidc`)).json()).toEqual({ configured: true, issuer: issuer.url });
  });

  it('sends the browser to the issuer with a random state and an S256 challenge, and exchanges the code with the verifier', async () => {
    const { location, state, cookie } = await start();
    expect(location.origin + location.pathname).toBe(`${issuer.url}/authorize`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'console',
      redirect_uri: `${host.url}/auth/oidc/callback`,
      scope: 'openid',
      code_challenge_method: 'S256',
      resource: 'urn:deid-share:sidecar',
    });
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie).toBe(`deid_share_oidc_state=${state}`);

    const signedIn = await callback(`code=the-code&state=${state}`, cookie);
    expect([signedIn.status, signedIn.headers.get('location')]).toEqual([303, '/admin']);
    const exchange = issuer.exchanges.at(-1) as URLSearchParams;
    expect(Object.fromEntries(exchange)).toMatchObject({ grant_type: 'authorization_code', code: 'the-code', client_id: 'console', redirect_uri: `${host.url}/auth/oidc/callback` });
    const verifier = exchange.get('code_verifier') as string;
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(location.searchParams.get('code_challenge'));

    // The session holds the token; the browser gets a cookie only, and the URL never carried a token.
    const session = signedIn.headers.getSetCookie().find((value) => value.startsWith('deid_share_session=')) as string;
    expect(session).toMatch(/HttpOnly; SameSite=Strict/);
    expect(signedIn.headers.get('location')).not.toContain(TOKENS.admin);
    const who = await fetch(`${host.url}/auth/session`, { headers: { cookie: session.split(';')[0] as string } });
    expect(await who.json()).toMatchObject({ user: 'dpo-admin', roles: ['admin'] });
  });

  it('refuses a callback it did not start, one from another browser, and one used twice', async () => {
    expect((await callback('code=c&state=made-up')).status).toBe(401);
    const { state, cookie } = await start();
    expect((await callback(`code=c&state=${state}`)).status).toBe(401); // no state cookie: another browser
    const other = await start();
    expect((await callback(`code=c&state=${other.state}`, other.cookie)).status).toBe(303);
    expect((await callback(`code=c&state=${other.state}`, other.cookie)).status).toBe(401);
    expect((await callback(`code=c&state=${state}`, cookie)).status).toBe(401); // spent by the attempt without cookie
  });

  it("reports the issuer's refusal, and refuses an access token the sidecar would not accept or without a viewer role", async () => {
    const refused = await start();
    const answer = await callback(`error=access_denied&error_description=the+user+said+no&state=${refused.state}`, refused.cookie);
    expect([answer.status, (await answer.json()).error.message]).toEqual([401, 'the issuer refused the sign-in: access_denied: the user said no']);

    issuer.next.accessToken = 'not-a-token-the-sidecar-knows';
    const unknown = await start();
    expect((await callback(`code=c&state=${unknown.state}`, unknown.cookie)).status).toBe(401);

    issuer.next.accessToken = TOKENS.orthanc;
    const orthanc = await start();
    const hook = await callback(`code=c&state=${orthanc.state}`, orthanc.cookie);
    expect(hook.status).toBe(403);
    expect(hook.headers.getSetCookie().some((value) => value.startsWith('deid_share_session='))).toBe(false);
    issuer.next.accessToken = TOKENS.admin;
  });

  it('only leads back to a path on this host', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      expect((await fetch(`${host.url}/auth/oidc/start?next=${encodeURIComponent(next)}`, { redirect: 'manual' })).status).toBe(400);
    }
  });
});
