/**
 * Hostile instances in a study, in a real Orthanc (issue 10): a small deflated file that holds 20 MiB of UT text,
 * and an instance larger than the per-instance budget (set to 1 MiB here). The sidecar withholds both with a reason,
 * shares the rest (the share ends partial) and keeps answering.
 */
import { startOrthanc, type LocalOrthanc } from '@deid-share/orthanc-local';
import { describeWhenPresent, orthancMissing } from '../support/required-parts.js';
import { loadConfig, startSidecar, type RunningSidecar } from '@deid-share/sidecar';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Api } from './support/api.js';
import { orthancGet } from './support/orthanc.js';
import { writeHugeTextFile } from '../support/hostile-files.js';
import { writeDeployment, type Deployment } from '../support/sidecar.js';
import { basicAuth, createStudy, type StudySpec } from '../support/studies.js';

const run = describeWhenPresent(orthancMissing());

// The hostile file's patient (hostile-files.ts), so that Orthanc files it under the same study.
const STUDY: StudySpec = { patientId: 'MRN-12345', patientName: 'Doe^John', studyInstanceUID: '1.2.826.0.1.3680043.10.1141.10.1', instancesPerSeries: 3 };
const HOSTILE_SOP = `${STUDY.studyInstanceUID}.9.1`;
const OVERSIZED_SOP = `${STUDY.studyInstanceUID}.9.2`;

run('a hostile instance in a shared study', () => {
  let source: LocalOrthanc;
  let central: LocalOrthanc;
  let deployment: Deployment;
  let sidecar: RunningSidecar;
  let radiologist: Api;
  const dir = mkdtempSync(join(tmpdir(), 'deid-hostile-instance-'));

  beforeAll(async () => {
    [source, central] = await Promise.all([
      startOrthanc({ name: 'source', users: { deid: 'source-password' } }),
      startOrthanc({ name: 'central', users: { sidecar: 'central-password' } }),
    ]);
    await createStudy(source.url, STUDY, source.credentials);
    const series = `${STUDY.studyInstanceUID}.9`;
    const hostile = join(dir, 'huge-text.dcm');
    await writeHugeTextFile(hostile, { mebibytes: 20, deflated: true, uids: { study: STUDY.studyInstanceUID, series, sop: HOSTILE_SOP } });
    const oversized = join(dir, 'oversized.dcm');
    await writeHugeTextFile(oversized, { mebibytes: 2, tag: 'removed', uids: { study: STUDY.studyInstanceUID, series, sop: OVERSIZED_SOP } });
    for (const file of [hostile, oversized]) {
      const stored = await fetch(`${source.url}/instances`, { method: 'POST', headers: { 'content-type': 'application/dicom', ...basicAuth(source.credentials) }, body: readFileSync(file) });
      expect(stored.status).toBe(200);
    }
    deployment = await writeDeployment({ source, peers: [{ name: 'central', orthanc: central, profile: 'ps3.15-basic' }], limits: { maxInstanceBytes: 1024 * 1024 } });
    sidecar = await startSidecar({ config: loadConfig(deployment.configPath) });
    radiologist = new Api(sidecar.url, deployment.tokens.radiologist);
  });

  afterAll(async () => {
    await sidecar?.close();
    await Promise.all([source?.stop(), central?.stop()]);
    deployment?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('withholds them with a reason (the tag; the budget), shares the rest, and the sidecar goes on answering', async () => {
    const created = await radiologist.post('/api/v1/shares', { studyInstanceUID: STUDY.studyInstanceUID, peers: ['central'] });
    expect(created.status).toBe(202);
    const job = await radiologist.waitForJob(created.body.id);
    expect(job.status).toBe('partial');
    const [entry] = job.peers;
    expect(entry).toMatchObject({ status: 'partial', total: 5, done: 3, withheld: 2, refused: 0, failed: 0 });
    const reasons = Object.fromEntries(entry.reasons.map((r: any) => [r.sopInstanceUID, r]));
    expect(reasons[HOSTILE_SOP]).toMatchObject({ status: 'withheld', reason: expect.stringMatching(/\(0040,A160\) holds 20\.0 MiB of UT/) });
    expect(reasons[OVERSIZED_SOP]).toMatchObject({ status: 'withheld', reason: expect.stringMatching(/^the instance is 2\.0 MiB, more than the per-instance memory budget of 1 MiB/) });
    expect(await orthancGet<any[]>(central, `/studies/${entry.peerStudyId}/instances`)).toHaveLength(3);

    const peers = await radiologist.get('/api/v1/peers');
    expect(peers.status).toBe(200);
    const again = await radiologist.post('/api/v1/shares', { studyInstanceUID: STUDY.studyInstanceUID, peers: ['central'] });
    expect((await radiologist.waitForJob(again.body.id)).status).toBe('partial');
  });
});
