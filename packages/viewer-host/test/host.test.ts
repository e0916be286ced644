import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startViewerHost, type ViewerHost } from '@deid-share/viewer-host';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An upstream that records what it received and answers with a fixed JSON body. */
async function recordingUpstream(status = 200): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      const challenge = status === 401 ? { 'www-authenticate': 'Basic realm="upstream"' } : {};
      res.writeHead(status, { 'content-type': 'application/json', 'x-upstream': 'yes', connection: 'keep-alive', ...challenge });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const TOKENS = { radiologist: 'radiologist-token', orthanc: 'orthanc-hook-token' };
const AUTH = {
  tokens: [
    { name: 'dr-ana', sha256: sha256(TOKENS.radiologist), roles: ['radiologist' as const] },
    { name: 'orthanc-source', sha256: sha256(TOKENS.orthanc), roles: ['orthanc' as const] },
  ],
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A request sent exactly as written (fetch and URL would resolve dot segments first; an attacker's curl does not). */
function rawRequest(
  base: string,
  path: string,
  { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('viewer host', () => {
  let root: string;
  let host: ViewerHost;
  let orthanc: Awaited<ReturnType<typeof recordingUpstream>>;
  let sidecar: Awaited<ReturnType<typeof recordingUpstream>>;
  const logLines: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'viewer-host-'));
    const dist = join(root, 'dist');
    const plugins = join(root, 'plugins');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    mkdirSync(plugins);
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>OHIF</title>');
    writeFileSync(join(dist, 'app-config.js'), 'window.config = { stock: true };');
    writeFileSync(join(dist, 'codec.wasm'), Buffer.from([0, 97, 115, 109]));
    writeFileSync(join(dist, 'assets', 'worker.mjs'), 'export {};');
    writeFileSync(join(root, 'secret.txt'), 'outside');
    writeFileSync(join(plugins, 'extension.js'), 'export default { id: "deid-share" };');
    writeFileSync(join(plugins, 'mode.js'), 'export default { id: "mode" };');
    orthanc = await recordingUpstream();
    sidecar = await recordingUpstream(401);
    host = await startViewerHost({
      ohifDist: dist,
      pluginDir: plugins,
      orthancUrl: orthanc.url,
      orthancAuth: { username: 'viewer', password: 's3cret' },
      sidecarUrl: sidecar.url,
      auth: AUTH,
      log: (line) => logLines.push(line),
    });
  });

  /** Another host over the same folders, for other upstreams. */
  const secondHost = (orthancUrl: string, sidecarUrl: string) =>
    startViewerHost({ ohifDist: join(root, 'dist'), pluginDir: join(root, 'plugins'), orthancUrl, sidecarUrl, auth: AUTH, log: () => undefined });

  afterAll(async () => {
    await host.stop();
    orthanc.server.close();
    sidecar.server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('listens on loopback', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves static files with their content types', async () => {
    const wasm = await fetch(`${host.url}/codec.wasm`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(Buffer.from(await wasm.arrayBuffer())).toEqual(Buffer.from([0, 97, 115, 109]));
    const mjs = await fetch(`${host.url}/assets/worker.mjs`);
    expect(mjs.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('serves its own app-config with the data source, the plugins and the deidShare block, and no credential', async () => {
    const response = await fetch(`${host.url}/app-config.js`);
    const text = await response.text();
    expect(text).not.toContain('stock');
    expect(text).not.toContain('token');
    const window: { config?: Record<string, unknown> } = {};
    new Function('window', text)(window);
    expect(window.config).toMatchObject({
      extensions: ['/deid-share/extension.js'],
      modes: ['/deid-share/mode.js'],
      investigationalUseDialog: { option: 'never' },
      deidShare: { apiBaseUrl: '/api/v1' },
      dataSources: [{ configuration: { qidoRoot: '/dicom-web', wadoRoot: '/dicom-web' } }],
    });
  });

  it('serves the plugin bundles under /deid-share/ and falls back to index.html for client routes', async () => {
    const bundle = await fetch(`${host.url}/deid-share/extension.js`);
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await bundle.text()).toContain('deid-share');
    for (const route of ['/', '/viewer?StudyInstanceUIDs=1.2', '/deid-share?StudyInstanceUIDs=1.2', '/deid-share/orthanc']) {
      const page = await fetch(`${host.url}${route}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>OHIF</title>');
    }
  });

  it('answers 404 for a missing file, and 400 for a path that tries to leave its folders', async () => {
    expect((await fetch(`${host.url}/deid-share/missing.js`)).status).toBe(404);
    expect((await fetch(`${host.url}/nothing.js`)).status).toBe(404);
    for (const path of ['/%2e%2e/secret.txt', '/deid-share/..%2f..%2fsecret.txt', '/../secret.txt', '/deid-share/..\\..\\secret.txt']) {
      const response = await rawRequest(host.url, path);
      expect([path, response.status]).toEqual([path, 400]);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'bad_path' } });
    }
  });

  it('proxies DICOMweb to Orthanc for a signed-in caller, with basic auth added server-side, keeping path, query and Host', async () => {
    orthanc.seen.length = 0;
    const response = await fetch(`${host.url}/dicom-web/studies?PatientID=P1&limit=5`, {
      headers: { accept: 'application/dicom+json', ...bearer(TOKENS.radiologist) },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-upstream')).toBe('yes');
    const [request] = orthanc.seen;
    expect(request?.url).toBe('/dicom-web/studies?PatientID=P1&limit=5');
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from('viewer:s3cret').toString('base64')}`);
    expect(request?.headers.accept).toBe('application/dicom+json');
    expect(request?.headers.host).toBe(new URL(host.url).host);
  });

  it('proxies the API to the sidecar, passing bodies, statuses and the bearer token through', async () => {
    sidecar.seen.length = 0;
    const response = await fetch(`${host.url}/api/v1/shares`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer user-token' },
      body: JSON.stringify({ studyInstanceUID: '1.2.3', peers: ['lab'] }),
    });
    expect(response.status).toBe(401);
    const [request] = sidecar.seen;
    expect(request).toMatchObject({ method: 'POST', url: '/api/v1/shares' });
    expect(JSON.parse(request?.body ?? '')).toEqual({ studyInstanceUID: '1.2.3', peers: ['lab'] });
    expect(request?.headers.authorization).toBe('Bearer user-token');
  });

  describe('as a trust boundary in front of the source Orthanc', () => {
    const ESCAPES = [
      '/dicom-web/../patients',
      '/dicom-web/%2e%2e/patients',
      '/dicom-web/%2E%2E/system',
      '/dicom-web/..%2fpatients',
      '/dicom-web/..%2Fpatients',
      '/dicom-web/..\\patients',
      '/dicom-web/..%5cpatients',
      '/dicom-web/studies/../../instances/abc',
      '/dicom-web/./studies',
      '/dicom-web/studies%2f..%2f..%2fsystem',
      '/dicom-web/%252e%252e/patients',
      '/dicom-web/servers',
      '/dicom-web/servers/peer/stow',
      '/dicom-web/patients',
      '/dicom-web',
      '/dicom-web/studies/1.2.3/series/4.5/instances/6.7/file',
      '/dicom-web/studies/1.2.3/../../../tools/reset',
      '//dicom-web/../system',
    ];

    it('lets no escaped or non-DICOMweb path reach Orthanc, with credentials or without (400/401/404)', async () => {
      orthanc.seen.length = 0;
      for (const path of ESCAPES) {
        for (const headers of [{}, bearer(TOKENS.radiologist)]) {
          for (const method of ['GET', 'POST', 'DELETE']) {
            const response = await rawRequest(host.url, path, { method, headers });
            expect([method, path, [400, 401, 404, 405].includes(response.status)]).toEqual([method, path, true]);
            expect(JSON.parse(response.body)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
          }
        }
      }
      expect(orthanc.seen).toEqual([]);
    });

    it('asks for credentials before any DICOMweb request reaches Orthanc: 401 without, 401 for a wrong token, 403 for a role that may not read', async () => {
      orthanc.seen.length = 0;
      const none = await rawRequest(host.url, '/dicom-web/studies');
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      expect(JSON.parse(none.body)).toEqual({ error: { code: 'unauthenticated', message: expect.stringContaining('sign in') } });
      expect((await rawRequest(host.url, '/dicom-web/studies', { headers: bearer('not-a-token') })).status).toBe(401);
      expect((await rawRequest(host.url, '/dicom-web/studies', { headers: { cookie: 'deid_share_session=forged' } })).status).toBe(401);
      const hook = await rawRequest(host.url, '/dicom-web/studies', { headers: bearer(TOKENS.orthanc) });
      expect([hook.status, JSON.parse(hook.body).error.code]).toEqual([403, 'forbidden']);
      expect(orthanc.seen).toEqual([]);
    });

    it('forwards the DICOMweb reads the viewer makes, GET and HEAD only, to the DICOMweb root', async () => {
      orthanc.seen.length = 0;
      const reads = [
        '/dicom-web/studies?00100020=P1&includefield=00081030',
        '/dicom-web/studies/1.2.3/series',
        '/dicom-web/studies/1.2.3/metadata',
        '/dicom-web/studies/1.2.3/series/4.5/metadata',
        '/dicom-web/studies/1.2.3/series/4.5/instances/6.7/frames/1,2',
        '/dicom-web/studies/1.2.3/series/4.5/instances/6.7/frames/1/rendered',
        '/dicom-web/studies/1.2.3/series/4.5/instances/6.7/thumbnail',
        '/dicom-web/studies/1.2.3/series/4.5/instances/6.7/bulk/7fe00010',
      ];
      for (const path of reads) expect([path, (await rawRequest(host.url, path, { headers: bearer(TOKENS.radiologist) })).status]).toEqual([path, 200]);
      expect((await rawRequest(host.url, reads[0] ?? '', { method: 'HEAD', headers: bearer(TOKENS.radiologist) })).status).toBe(200);
      expect(orthanc.seen.map((seen) => seen.url)).toEqual([...reads, reads[0]]);
      for (const method of ['POST', 'PUT', 'DELETE']) {
        const write = await rawRequest(host.url, '/dicom-web/studies', { method, headers: bearer(TOKENS.radiologist) });
        expect([method, write.status, write.headers.allow]).toEqual([method, 405, 'GET, HEAD']);
      }
      expect(orthanc.seen).toHaveLength(reads.length + 1);
    });

    it('never forwards the browser\'s credentials to Orthanc, even when Orthanc needs none', async () => {
      const open = await recordingUpstream();
      const other = await secondHost(open.url, sidecar.url);
      try {
        await fetch(`${other.url}/dicom-web/studies`, { headers: { ...bearer(TOKENS.radiologist), cookie: 'other=1' } });
        expect(open.seen).toHaveLength(1);
        expect(open.seen[0]?.headers.authorization).toBeUndefined();
        expect(open.seen[0]?.headers.cookie).toBeUndefined();
      } finally {
        await other.stop();
        open.server.close();
      }
    });
  });

  describe('sessions', () => {
    const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    it('issues an HttpOnly, SameSite=Strict session cookie for a valid token, Secure behind HTTPS, and refuses bad tokens', async () => {
      const response = await fetch(`${host.url}/auth/session`, { method: 'POST', headers: bearer(TOKENS.radiologist) });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ user: 'dr-ana', roles: ['radiologist'], expiresAt: expect.any(String) });
      const cookie = response.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^deid_share_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
      expect(cookie).not.toContain(TOKENS.radiologist);
      const https = await fetch(`${host.url}/auth/session`, { method: 'POST', headers: { ...bearer(TOKENS.radiologist), 'x-forwarded-proto': 'https' } });
      expect(https.headers.get('set-cookie')).toMatch(/; Secure$/);
      const wrong = await fetch(`${host.url}/auth/session`, { method: 'POST', headers: bearer('nope') });
      expect([wrong.status, ((await wrong.json()) as any).error.code, wrong.headers.get('set-cookie')]).toEqual([401, 'unauthenticated', null]);
      expect((await fetch(`${host.url}/auth/session`, { method: 'POST', headers: bearer(TOKENS.orthanc) })).status).toBe(403);
    });

    it('lets the session read DICOMweb and call the sidecar with the session\'s token, until sign-out', async () => {
      const cookie = cookieOf(await fetch(`${host.url}/auth/session`, { method: 'POST', headers: bearer(TOKENS.radiologist) }));
      expect(await (await fetch(`${host.url}/auth/session`, { headers: { cookie } })).json()).toMatchObject({ user: 'dr-ana' });
      orthanc.seen.length = 0;
      sidecar.seen.length = 0;
      expect((await fetch(`${host.url}/dicom-web/studies/1.2.3/series`, { headers: { cookie } })).status).toBe(200);
      expect(orthanc.seen[0]?.headers.authorization).toMatch(/^Basic /);
      expect(orthanc.seen[0]?.headers.cookie).toBeUndefined();
      await fetch(`${host.url}/api/v1/peers`, { headers: { cookie } });
      expect(sidecar.seen[0]?.headers.authorization).toBe(`Bearer ${TOKENS.radiologist}`);
      expect(sidecar.seen[0]?.headers.cookie).toBeUndefined();

      // Another site cannot make the browser spend the session on a state-changing call.
      const forged = await fetch(`${host.url}/api/v1/shares`, { method: 'POST', headers: { cookie, origin: 'http://evil.example' }, body: '{}' });
      expect(forged.status).toBe(403);
      expect(sidecar.seen).toHaveLength(1);

      const out = await fetch(`${host.url}/auth/session`, { method: 'DELETE', headers: { cookie } });
      expect([out.status, out.headers.get('set-cookie')]).toEqual([204, expect.stringMatching(/^deid_share_session=; Path=\/; Max-Age=0/)]);
      expect((await fetch(`${host.url}/dicom-web/studies`, { headers: { cookie } })).status).toBe(401);
      expect((await fetch(`${host.url}/auth/session`, { headers: { cookie } })).status).toBe(401);
    });

    it('signs a browser in with a one-time link that holds a code, not the token', async () => {
      const link = await host.signInLink(TOKENS.radiologist, { next: '/deid-share?StudyInstanceUIDs=1.2.3' });
      expect(link).not.toContain(TOKENS.radiologist);
      const first = await fetch(link, { redirect: 'manual' });
      expect([first.status, first.headers.get('location')]).toEqual([303, '/deid-share?StudyInstanceUIDs=1.2.3']);
      expect((await fetch(`${host.url}/dicom-web/studies`, { headers: { cookie: cookieOf(first) } })).status).toBe(200);
      const again = await fetch(link, { redirect: 'manual' });
      expect([again.status, again.headers.get('set-cookie')]).toEqual([401, null]);
      await expect(host.signInLink('not-a-token')).rejects.toThrow(/unknown or revoked token/);
      await expect(host.signInLink(TOKENS.radiologist, { next: '//evil.example/' })).rejects.toThrow(/path on this host/);
    });
  });

  it('answers requests the HTTP parser rejects in the documented error shape', async () => {
    const { hostname, port } = new URL(host.url);
    const rawExchange = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.end(request));
        let answer = '';
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    const huge = await rawExchange(`GET /dicom-web/studies?${'x'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { code: 'headers_too_large' } });
    const garbage = await rawExchange('GET /a b c\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('writes one log line per request, with the user, and no secret from any URL', async () => {
    logLines.length = 0;
    const link = await host.signInLink(TOKENS.radiologist);
    const code = new URL(link).searchParams.get('code') ?? '';
    await fetch(link, { redirect: 'manual' });
    await fetch(`${host.url}/dicom-web/studies?token=${TOKENS.radiologist}&access_token=jwt-secret`, { headers: bearer(TOKENS.radiologist) });
    await fetch(`${host.url}/viewer?StudyInstanceUIDs=1.2&token=url-secret`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const log = logLines.join('\n');
    for (const secret of [code, TOKENS.radiologist, 'jwt-secret', 'url-secret']) expect(log).not.toContain(secret);
    const entries = logLines.map((line) => JSON.parse(line));
    expect(entries).toContainEqual(expect.objectContaining({ method: 'GET', url: '/dicom-web/studies?token=[REDACTED]&access_token=[REDACTED]', status: 200, user: 'dr-ana' }));
    expect(entries).toContainEqual(expect.objectContaining({ url: '/auth/sign-in?code=[REDACTED]', status: 303 }));
  });

  it('answers 502 when Orthanc refuses the host\'s login, without passing its challenge to the browser', async () => {
    const refusing = await recordingUpstream(401);
    const other = await secondHost(refusing.url, sidecar.url);
    try {
      const response = await fetch(`${other.url}/dicom-web/studies`, { headers: bearer(TOKENS.radiologist) });
      expect([response.status, response.headers.get('www-authenticate')]).toEqual([502, null]);
      expect(await response.json()).toMatchObject({ error: { code: 'upstream_refused' } });
    } finally {
      await other.stop();
      refusing.server.close();
    }
  });

  it('answers 502 with an API error when an upstream is down', async () => {
    const down = await recordingUpstream();
    down.server.close();
    const other = await secondHost(down.url, down.url);
    try {
      const response = await fetch(`${other.url}/api/v1/peers`);
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ error: { code: 'upstream_unavailable' } });
    } finally {
      await other.stop();
    }
  });

  it('refuses to start without the viewer dist or the bundles, saying what to run', async () => {
    await expect(
      startViewerHost({ ohifDist: join(root, 'nope'), pluginDir: join(root, 'plugins'), orthancUrl: orthanc.url, sidecarUrl: sidecar.url, auth: AUTH }),
    ).rejects.toThrow(/tools\/ohif\/install\.mjs/);
    await expect(
      startViewerHost({ ohifDist: join(root, 'dist'), pluginDir: join(root, 'nope'), orthancUrl: orthanc.url, sidecarUrl: sidecar.url, auth: AUTH }),
    ).rejects.toThrow(/tools\/ohif\/build-plugins\.mjs/);
  });
});
