import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionStore, startViewerHost } from '@deid-share/viewer-host';

const ana = { principal: { id: 'dr-ana', roles: new Set(['radiologist' as const]), via: 'token' as const }, expiresAt: undefined };

describe('session store', () => {
  it('forgets a session at its expiry, and never keeps one beyond its token', () => {
    let clock = 1_000_000;
    const sessions = new SessionStore({ ttlMs: 60_000, now: () => clock });
    const session = sessions.create(ana, 'token');
    expect(session.expiresAt).toBe(1_060_000);
    expect(sessions.get(session.id)).toBe(session);
    clock += 60_000;
    expect(sessions.get(session.id)).toBeUndefined();
    const short = sessions.create({ ...ana, expiresAt: clock + 5_000 }, 'jwt');
    expect(short.expiresAt).toBe(clock + 5_000);
  });

  it('holds a bounded number of sessions, dropping the oldest first', () => {
    const sessions = new SessionStore({ maxSessions: 2 });
    const [first, second, third] = [sessions.create(ana, 'a'), sessions.create(ana, 'b'), sessions.create(ana, 'c')];
    expect(sessions.get(first.id)).toBeUndefined();
    expect(sessions.get(second.id)).toBe(second);
    expect(sessions.get(third.id)).toBe(third);
    expect(new Set([first.id, second.id, third.id]).size).toBe(3);
  });
});

describe('viewer host with OIDC', () => {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let issuer: Server;
  let root: string;

  beforeAll(async () => {
    issuer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }] }));
    });
    await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
    root = mkdtempSync(join(tmpdir(), 'viewer-host-oidc-'));
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'extension.js'), '');
    writeFileSync(join(root, 'mode.js'), '');
  });

  afterAll(() => {
    issuer.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('accepts the OIDC access tokens the sidecar accepts, and ends their sessions with the token', async () => {
    const orthanc = createServer((_req, res) => res.end('[]'));
    await new Promise<void>((resolve) => orthanc.listen(0, '127.0.0.1', resolve));
    const issuerUrl = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
    const host = await startViewerHost({
      ohifDist: join(root, 'dist'),
      pluginDir: root,
      orthancUrl: `http://127.0.0.1:${(orthanc.address() as AddressInfo).port}`,
      sidecarUrl: issuerUrl,
      auth: {
        tokens: [],
        oidc: {
          issuer: issuerUrl,
          audience: 'deid-share',
          jwksUrl: `${issuerUrl}/jwks`,
          rolesClaim: 'roles',
          roleMap: { 'deid-radiologist': 'radiologist' },
          subjectClaim: 'sub',
          clockToleranceSeconds: 0,
          jwksCacheSeconds: 600,
        },
      },
      log: () => undefined,
    });
    const jwt = (claims: Record<string, unknown>) => {
      const data = `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      return `${data}.${sign('sha256', Buffer.from(data), key.privateKey).toString('base64url')}`;
    };
    const exp = Math.floor(Date.now() / 1000) + 120;
    const valid = jwt({ iss: issuerUrl, aud: 'deid-share', sub: 'dr.ana', exp, roles: ['deid-radiologist'] });
    try {
      expect((await fetch(`${host.url}/dicom-web/studies`, { headers: { authorization: `Bearer ${valid}` } })).status).toBe(200);
      const expired = jwt({ iss: issuerUrl, aud: 'deid-share', sub: 'dr.ana', exp: exp - 600, roles: ['deid-radiologist'] });
      const refused = await fetch(`${host.url}/dicom-web/studies`, { headers: { authorization: `Bearer ${expired}` } });
      expect([refused.status, ((await refused.json()) as { error: { message: string } }).error.message]).toEqual([401, 'token refused: the token has expired']);
      const session = await fetch(`${host.url}/auth/session`, { method: 'POST', headers: { authorization: `Bearer ${valid}` } });
      expect(await session.json()).toEqual({ user: 'dr.ana', roles: ['radiologist'], expiresAt: new Date(exp * 1000).toISOString() });
      expect(session.headers.get('set-cookie')).toMatch(/Max-Age=1[12]\d;/);
    } finally {
      await host.stop();
      orthanc.close();
    }
  });
});
