/**
 * Automatic sharing: a source Orthanc running orthanc-scripts/auto-share.lua (StableAge 1 s) posts each
 * stable study to the sidecar's webhook; the routing rule sends CT studies received from the AE title
 * CT_SCANNER to the central peer. Studies arrive over DICOM (dcmtk's storescu), as from a modality.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { findFreeLoopbackPort, startOrthanc, type LocalOrthanc } from '@deid-share/orthanc-local';
import { describeWhenPresent, orthancMissing } from '../support/required-parts.js';
import { loadConfig, startSidecar, type RunningSidecar } from '@deid-share/sidecar';

import { Api } from './support/api.js';
import { orthancGet } from './support/orthanc.js';
import { REPO, writeDeployment, type Deployment } from '../support/sidecar.js';
import { basicAuth, createInstance, instanceTags, type StudySpec } from '../support/studies.js';

const run = describeWhenPresent(orthancMissing());
const exec = promisify(execFile);

const FROM_SCANNER: StudySpec = { patientId: 'MRN-F-6006', patientName: 'FOE^FAY', studyInstanceUID: '1.2.826.0.1.3680043.10.1141.6.1', instancesPerSeries: 3 };
const FROM_WORKSTATION: StudySpec = { patientId: 'MRN-G-6007', patientName: 'GOE^GUS', studyInstanceUID: '1.2.826.0.1.3680043.10.1141.6.2', modality: 'MR', instancesPerSeries: 2 };

/** DICOM files of the study, made by a scratch Orthanc (create-dicom) and taken out of it again. */
async function studyFiles(scratch: LocalOrthanc, spec: StudySpec, dir: string): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < (spec.instancesPerSeries ?? 1); i++) {
    const created = await createInstance(scratch.url, instanceTags(spec, 0, i), 64, scratch.credentials);
    const bytes = Buffer.from(await (await fetch(`${scratch.url}/instances/${created.ID}/file`, { headers: basicAuth(scratch.credentials) })).arrayBuffer());
    const file = join(dir, `${spec.patientId}-${i}.dcm`);
    writeFileSync(file, bytes);
    files.push(file);
    await fetch(`${scratch.url}/instances/${created.ID}`, { method: 'DELETE', headers: basicAuth(scratch.credentials) });
  }
  return files;
}

async function storescu(callingAet: string, target: LocalOrthanc, files: string[]): Promise<void> {
  await exec('storescu', ['-aet', callingAet, '-aec', target.aet, '127.0.0.1', String(target.dicomPort), ...files]);
}

run('automatic sharing through the Lua script', () => {
  let source: LocalOrthanc;
  let central: LocalOrthanc;
  let deployment: Deployment;
  let sidecar: RunningSidecar;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deid-share-auto-'));
    const port = await findFreeLoopbackPort();
    const hookToken = randomBytes(24).toString('base64url');
    // The settings the script reads, given as Lua globals by a script loaded before it.
    const settings = join(dir, 'deid-share-settings.lua');
    writeFileSync(settings, `DEID_SHARE_SIDECAR_URL = 'http://127.0.0.1:${port}'\nDEID_SHARE_HOOK_TOKEN = '${hookToken}'\n`);
    [source, central] = await Promise.all([
      startOrthanc({ name: 'source', dicomServer: true, stableAgeSeconds: 1, luaScripts: [settings, join(REPO, 'orthanc-scripts/auto-share.lua')] }),
      startOrthanc({ name: 'central', users: { sidecar: 'central-password' } }),
    ]);
    deployment = await writeDeployment({
      source,
      port,
      tokens: { orthanc: hookToken },
      peers: [{ name: 'central', orthanc: central, profile: 'eucanimage' }],
      routing: [{ name: 'ct-from-scanner', match: { modality: ['CT'], callingAET: ['CT_SCANNER'] }, peers: ['central'] }],
    });
    sidecar = await startSidecar({ config: loadConfig(deployment.configPath) });
  }, 60_000);

  afterAll(async () => {
    await sidecar?.close();
    await Promise.all([source?.stop(), central?.stop()]);
    deployment?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shares a stable CT study from the scanner to the peer its rule names, and leaves other studies alone', async () => {
    const admin = new Api(sidecar.url, deployment.tokens.admin);
    const scanner = await studyFiles(central, FROM_SCANNER, dir);
    const workstation = await studyFiles(central, FROM_WORKSTATION, dir);
    expect((await orthancGet<string[]>(central, '/studies')).length).toBe(0);
    await storescu('CT_SCANNER', source, scanner);
    await storescu('WORKSTATION', source, workstation);

    // Both studies become stable after 1 s; the script offers both; one rule matches one of them.
    const deadline = Date.now() + 30_000;
    let metrics = '';
    while (Date.now() < deadline) {
      metrics = (await admin.get('/metrics')).body;
      if (/webhook_calls_total\{outcome="matched"\} 1/.test(metrics) && /webhook_calls_total\{outcome="unmatched"\} 1/.test(metrics)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(metrics).toMatch(/^deid_share_webhook_calls_total\{outcome="matched"\} 1$/m);
    expect(metrics).toMatch(/^deid_share_webhook_calls_total\{outcome="unmatched"\} 1$/m);

    const jobs = (await admin.get('/api/v1/shares')).body;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ studyInstanceUID: FROM_SCANNER.studyInstanceUID, origin: 'auto', requestedBy: 'orthanc-source' });
    const job = await admin.waitForJob(jobs[0].id);
    expect(job).toMatchObject({ status: 'done', peers: [{ peer: 'central', status: 'done', total: 3, done: 3 }] });
    const held = await orthancGet<any[]>(central, '/studies?expand');
    expect(held).toHaveLength(1);
    expect(held[0].ID).toBe(job.peers[0].peerStudyId);
    expect(held[0].PatientMainDicomTags.PatientID).not.toBe(FROM_SCANNER.patientId);

    const audit = (await admin.get('/api/v1/admin/audit?action=share.auto')).body;
    expect(audit).toEqual([expect.objectContaining({ actor: 'orthanc-source', role: 'orthanc', peer: 'central', jobId: job.id, details: expect.objectContaining({ rules: ['ct-from-scanner'] }) })]);
  }, 60_000);

  it('accepts the webhook at once and counts a study the source does not hold as unknown', async () => {
    const orthanc = new Api(sidecar.url, deployment.tokens.orthanc);
    const answer = await orthanc.post('/api/v1/hooks/orthanc/stable-study', { orthancStudyId: '00000000-00000000-00000000-00000000-00000000' });
    expect([answer.status, answer.body]).toEqual([202, { accepted: true }]);
    const bad = await orthanc.post('/api/v1/hooks/orthanc/stable-study', { orthancStudyId: '../../etc' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'bad_request']);
    const admin = new Api(sidecar.url, deployment.tokens.admin);
    const deadline = Date.now() + 10_000;
    while (!/webhook_calls_total\{outcome="unknown"\} 1/.test((await admin.get('/metrics')).body)) {
      if (Date.now() > deadline) throw new Error('the unknown study was not counted');
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});
