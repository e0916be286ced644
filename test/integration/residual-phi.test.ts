/**
 * The residual-PHI scan in the sidecar pipeline: a peer whose profile keeps descriptions receives a study whose
 * description names the patient with that description cleaned away (docs/engine.md, "the second stage"): every
 * instance arrives, none holds the name, and the preview shows the cleaning by tag and kind; a study without such
 * text is shared with its description.
 */
import { startOrthanc, type LocalOrthanc } from '@deid-share/orthanc-local';
import { describeWhenPresent, orthancMissing } from '../support/required-parts.js';
import { loadConfig, startSidecar, type RunningSidecar } from '@deid-share/sidecar';
import { fileURLToPath } from 'node:url';

import { Api } from './support/api.js';
import { allInstances } from './support/orthanc.js';
import { writeDeployment, type Deployment } from '../support/sidecar.js';
import { createStudy, type StudySpec } from '../support/studies.js';

const run = describeWhenPresent(orthancMissing());
const LEAKY_PROFILE = fileURLToPath(new URL('./fixtures/keeps-descriptions.json', import.meta.url));

const NAMED: StudySpec = { patientId: 'MRN-F-6006', patientName: 'FAYWEATHER^FIONA', studyInstanceUID: '1.2.826.0.1.3680043.10.1141.6.1', description: 'CT thorax FAYWEATHER FIONA', instancesPerSeries: 2 };
const PLAIN: StudySpec = { patientId: 'MRN-G-7007', patientName: 'GRANT^GIL', studyInstanceUID: '1.2.826.0.1.3680043.10.1141.7.1', description: 'CT thorax', instancesPerSeries: 2 };

run('residual-PHI scan in the sharing pipeline', () => {
  let source: LocalOrthanc;
  let peer: LocalOrthanc;
  let deployment: Deployment;
  let sidecar: RunningSidecar;
  let radiologist: Api;

  beforeAll(async () => {
    [source, peer] = await Promise.all([startOrthanc({ name: 'source' }), startOrthanc({ name: 'leaky-peer' })]);
    for (const spec of [NAMED, PLAIN]) await createStudy(source.url, spec, source.credentials);
    deployment = await writeDeployment({ source, peers: [{ name: 'leaky', orthanc: peer, profile: LEAKY_PROFILE }] });
    sidecar = await startSidecar({ config: loadConfig(deployment.configPath) });
    radiologist = new Api(sidecar.url, deployment.tokens.radiologist);
  });

  afterAll(async () => {
    await sidecar?.close();
    await Promise.all([source?.stop(), peer?.stop()]);
    deployment?.remove();
  });

  const share = async (spec: StudySpec) => {
    const answer = await radiologist.post('/api/v1/shares', { studyInstanceUID: spec.studyInstanceUID, peers: ['leaky'] });
    expect(answer.status).toBe(202);
    return radiologist.waitForJob(answer.body.id);
  };

  it('cleans a kept description that names the patient instead of withholding: every instance arrives without the name', async () => {
    const job = await share(NAMED);
    const entry = job.peers[0];
    expect(job.status).toBe('done');
    expect(entry.done).toBe(2);
    expect(entry.withheld).toBe(0);
    const held = await allInstances(peer);
    expect(held).toHaveLength(2);
    for (const { tags } of held) {
      expect(JSON.stringify(tags)).not.toMatch(/FAYWEATHER|FIONA/);
      // Study Description is Type 3 in the CT Image IOD: the second stage removes it.
      expect(tags.StudyDescription).toBeUndefined();
    }
    const preview = await radiologist.post('/api/v1/previews', { studyInstanceUID: NAMED.studyInstanceUID, peer: 'leaky' });
    expect(preview.status).toBe(200);
    const row = preview.body.rows.find((candidate: { tag: string }) => candidate.tag === '(0008,1030)');
    expect(row).toMatchObject({ action: 'removed', rule: expect.stringMatching(/second stage: .*found, cleaned/) });
    expect(row.rule).not.toMatch(/FAYWEATHER|FIONA/);
  });

  it('shares a study whose kept description identifies nobody, description included', async () => {
    const job = await share(PLAIN);
    expect(job.status).toBe('done');
    expect(job.peers[0].done).toBe(2);
    const descriptions = (await allInstances(peer)).map(({ tags }) => tags.StudyDescription);
    expect(descriptions).toContain('CT thorax');
  });
});
