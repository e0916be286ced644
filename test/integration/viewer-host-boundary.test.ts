/**
 * The viewer host in front of a real source Orthanc (DICOMweb plugin, basic auth): no request without credentials,
 * and no escaped or non-DICOMweb path with them, ever reaches Orthanc. Checked on Orthanc's side: a Lua
 * `IncomingHttpRequestFilter` reports every request Orthanc receives to a recorder in this test.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findFreeLoopbackPort, startOrthanc, type LocalOrthanc } from '@deid-share/orthanc-local';
import { describeWhenPresent, orthancMissing } from '../support/required-parts.js';
import { startViewerHost, type ViewerHost } from '@deid-share/viewer-host';

import { createStudy, type StudySpec } from '../support/studies.js';

const run = describeWhenPresent(orthancMissing({ dicomWeb: true }));

const STUDY: StudySpec = { patientId: 'MRN-BOUNDARY-1', patientName: 'DOE^JANE', studyInstanceUID: '1.2.826.0.1.3680043.10.1141.77.1' };
const TOKEN = 'boundary-radiologist-token';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Paths an attacker would try through the host, as sent (no client-side normalisation). */
const ESCAPES = [
  '/dicom-web/../patients',
  '/dicom-web/%2e%2e/patients',
  '/dicom-web/%2E%2E/system',
  '/dicom-web/..%2fpatients',
  '/dicom-web/..%2Fsystem',
  '/dicom-web/..\\patients',
  '/dicom-web/..%5cpatients',
  '/dicom-web/studies/../../instances',
  '/dicom-web/%252e%252e/patients',
  '/dicom-web/servers',
  '/dicom-web/patients',
  '/dicom-web/../tools/reset',
  '/dicom-web/studies/1.2.3/../../../../system',
];

/** Records what Orthanc's Lua filter reports: one "METHOD URI" per request Orthanc received. */
async function startRecorder(): Promise<{ url: string; seen: string[]; server: Server }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push(body);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen, server };
}

function send(base: string, path: string, method: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

run('viewer host as the boundary of a real Orthanc', () => {
  let dir: string;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let orthanc: LocalOrthanc;
  let host: ViewerHost;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deid-share-boundary-'));
    recorder = await startRecorder();
    const lua = join(dir, 'record-requests.lua');
    writeFileSync(lua, `function IncomingHttpRequestFilter(method, uri, ip, username, httpHeaders)\n  HttpPost('${recorder.url}', method .. ' ' .. uri)\n  return true\nend\n`);
    orthanc = await startOrthanc({ name: 'boundary', dicomWeb: true, users: { viewer: 'boundary-password' }, luaScripts: [lua] });
    await createStudy(orthanc.url, STUDY, orthanc.credentials);
    // The host serves the viewer from a folder; this test only needs the folder to exist.
    const dist = join(dir, 'dist');
    const plugins = join(dir, 'plugins');
    mkdirSync(dist);
    mkdirSync(plugins);
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>viewer</title>');
    writeFileSync(join(plugins, 'extension.js'), 'export default {};');
    writeFileSync(join(plugins, 'mode.js'), 'export default {};');
    host = await startViewerHost({
      ohifDist: dist,
      pluginDir: plugins,
      orthancUrl: orthanc.url,
      orthancAuth: orthanc.credentials,
      // Nothing here calls the API; the port is free and stays so.
      sidecarUrl: `http://127.0.0.1:${await findFreeLoopbackPort()}`,
      auth: { tokens: [{ name: 'dr-ana', sha256: sha256(TOKEN), roles: ['radiologist'] }] },
      log: () => undefined,
    });
  }, 60_000);

  afterAll(async () => {
    await host?.stop();
    await orthanc?.stop();
    recorder?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the recorder sees what reaches Orthanc: a signed-in search arrives, at the DICOMweb root', async () => {
    recorder.seen.length = 0;
    const response = await send(host.url, '/dicom-web/studies?PatientID=MRN-BOUNDARY-1', 'GET', { authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.body).toContain(STUDY.studyInstanceUID);
    expect(recorder.seen).toEqual(['GET /dicom-web/studies']);
  });

  it('without credentials, no DICOMweb request reaches Orthanc: 401 in the documented shape', async () => {
    recorder.seen.length = 0;
    for (const path of ['/dicom-web/studies', `/dicom-web/studies/${STUDY.studyInstanceUID}/series`, `/dicom-web/studies/${STUDY.studyInstanceUID}/metadata`]) {
      for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'Basic dmlld2VyOmJvdW5kYXJ5LXBhc3N3b3Jk' }, { cookie: 'deid_share_session=forged' }] as Record<string, string>[]) {
        const response = await send(host.url, path, 'GET', headers);
        expect([path, response.status]).toEqual([path, 401]);
        expect(JSON.parse(response.body)).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
      }
    }
    expect(recorder.seen).toEqual([]);
  });

  it('no escaped or non-DICOMweb path reaches Orthanc, with or without credentials, whatever the method', async () => {
    recorder.seen.length = 0;
    const statuses = new Set<number>();
    for (const path of ESCAPES) {
      for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }] as Record<string, string>[]) {
        for (const method of ['GET', 'POST', 'DELETE']) {
          const { status } = await send(host.url, path, method, headers);
          statuses.add(status);
          expect([method, path, [400, 401, 404, 405].includes(status)]).toEqual([method, path, true]);
        }
      }
    }
    expect(recorder.seen).toEqual([]);
    // Still listed in the source: nothing was deleted through the host.
    const patients = await fetch(`${orthanc.url}/patients`, { headers: { authorization: `Basic ${Buffer.from('viewer:boundary-password').toString('base64')}` } });
    expect(await patients.json()).toHaveLength(1);
    expect([...statuses].sort()).toEqual([400, 401, 404, 405]);
  });
});
