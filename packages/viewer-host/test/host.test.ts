import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
      res.writeHead(status, { 'content-type': 'application/json', 'x-upstream': 'yes', connection: 'keep-alive' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

describe('viewer host', () => {
  let root: string;
  let host: ViewerHost;
  let orthanc: Awaited<ReturnType<typeof recordingUpstream>>;
  let sidecar: Awaited<ReturnType<typeof recordingUpstream>>;

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
      token: 'demo-token',
    });
  });

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

  it('serves its own app-config with the data source, the plugins and the deidShare block', async () => {
    const response = await fetch(`${host.url}/app-config.js`);
    const text = await response.text();
    expect(text).not.toContain('stock');
    const window: { config?: Record<string, unknown> } = {};
    new Function('window', text)(window);
    expect(window.config).toMatchObject({
      extensions: ['/deid-share/extension.js'],
      modes: ['/deid-share/mode.js'],
      investigationalUseDialog: { option: 'never' },
      deidShare: { apiBaseUrl: '/api/v1', token: 'demo-token' },
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

  it('answers 404 for a missing file, and never serves outside its folders', async () => {
    expect((await fetch(`${host.url}/deid-share/missing.js`)).status).toBe(404);
    expect((await fetch(`${host.url}/nothing.js`)).status).toBe(404);
    expect((await fetch(`${host.url}/%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${host.url}/deid-share/..%2f..%2fsecret.txt`)).status).toBe(404);
  });

  it('proxies DICOMweb to Orthanc with basic auth added server-side, keeping path, query and Host', async () => {
    orthanc.seen.length = 0;
    const response = await fetch(`${host.url}/dicom-web/studies?PatientID=P1&limit=5`, {
      headers: { accept: 'application/dicom+json', authorization: 'Bearer browser-token' },
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

  it('answers 502 with an API error when an upstream is down', async () => {
    const down = await recordingUpstream();
    down.server.close();
    const other = await startViewerHost({
      ohifDist: join(root, 'dist'),
      pluginDir: join(root, 'plugins'),
      orthancUrl: down.url,
      sidecarUrl: down.url,
    });
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
      startViewerHost({ ohifDist: join(root, 'nope'), pluginDir: join(root, 'plugins'), orthancUrl: orthanc.url, sidecarUrl: sidecar.url }),
    ).rejects.toThrow(/tools\/ohif\/install\.mjs/);
    await expect(
      startViewerHost({ ohifDist: join(root, 'dist'), pluginDir: join(root, 'nope'), orthancUrl: orthanc.url, sidecarUrl: sidecar.url }),
    ).rejects.toThrow(/tools\/ohif\/build-plugins\.mjs/);
  });
});
