/**
 * The sidecar against real Orthanc servers on loopback: a source and two peers with different profiles
 * (central: eucanimage, keyed-hash pseudonyms and shifted dates; node: health-ri-strict, linked random
 * pseudonyms, fixed dates and a whitelist). The sidecar runs in this process; every call goes over HTTP.
 */
import { startOrthanc, type LocalOrthanc } from '@deid-share/orthanc-local';
import { describeWhenPresent, orthancMissing } from '../support/required-parts.js';
import { loadConfig, sharedCopySubjectKey, startSidecar, type RunningSidecar } from '@deid-share/sidecar';
import { readSecretFile } from '@deid-share/state';
import { loadProfile } from '@deid-share/engine';
import { join } from 'node:path';

import { Api } from './support/api.js';
import { allInstances, orthancGet, studyIds } from './support/orthanc.js';
import { writeDeployment, type Deployment } from '../support/sidecar.js';
import { createStudy, UNSHAREABLE, type StudySpec } from '../support/studies.js';

const run = describeWhenPresent(orthancMissing());

/** The UTC days from the suite's start to now: health-ri-strict writes the day of de-identification into dates. */
const SUITE_START = new Date();
const dicomDay = (time: Date): string => time.toISOString().slice(0, 10).replaceAll('-', '');
const daysOfThisRun = (): string[] => [...new Set([dicomDay(SUITE_START), dicomDay(new Date())])];

const STUDY_A: StudySpec = { patientId: 'MRN-A-1001', patientName: 'DOE^ANA', studyInstanceUID: '1.2.826.0.1.3680043.10.1141.1.1', institution: 'St Example Hospital', series: 2, instancesPerSeries: 3 };
const STUDY_B: StudySpec = { patientId: 'MRN-B-2002', patientName: 'ROE^BEA', studyInstanceUID: '1.2.826.0.1.3680043.10.1141.2.1', series: 1, instancesPerSeries: 3 };
const STUDY_C1: StudySpec = { patientId: 'MRN-C-3003', patientName: 'POE^CAI', issuer: 'HOSP-X', studyInstanceUID: '1.2.826.0.1.3680043.10.1141.3.1' };
const STUDY_C2: StudySpec = { ...STUDY_C1, studyInstanceUID: '1.2.826.0.1.3680043.10.1141.3.2', description: 'Follow-up' };
const STUDY_D: StudySpec = {
  patientId: 'MRN-D-4004',
  patientName: 'LOE^DAN',
  studyInstanceUID: '1.2.826.0.1.3680043.10.1141.4.1',
  instancesPerSeries: 5,
  // Instance 2 is malformed (no SOP Class UID: the engine refuses it); instance 4 declares burned-in text (withheld).
  tweak: (_series, instance) => (instance === 1 ? UNSHAREABLE.malformed : instance === 3 ? UNSHAREABLE.burnedIn : undefined),
};
const STUDY_E: StudySpec = { patientId: 'MRN-E-5005', patientName: 'MOE^EVA', studyInstanceUID: '1.2.826.0.1.3680043.10.1141.5.1' };

run('sidecar sharing between real Orthanc servers', () => {
  let source: LocalOrthanc;
  let central: LocalOrthanc;
  let node: LocalOrthanc;
  let deployment: Deployment;
  let sidecar: RunningSidecar;
  let radiologist: Api;
  let admin: Api;

  const share = async (spec: StudySpec, peers: string[], api = radiologist) => {
    const answer = await api.post('/api/v1/shares', { studyInstanceUID: spec.studyInstanceUID, peers });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ id: expect.any(String) });
    return api.waitForJob(answer.body.id);
  };
  const copiesOf = async (peer: LocalOrthanc, job: any, peerName: string) => {
    const entry = job.peers.find((p: any) => p.peer === peerName);
    const instances = await orthancGet<any[]>(peer, `/studies/${entry.peerStudyId}/instances`);
    return Promise.all(instances.map((i) => orthancGet<Record<string, string>>(peer, `/instances/${i.ID}/simplified-tags`)));
  };

  beforeAll(async () => {
    [source, central, node] = await Promise.all([
      startOrthanc({ name: 'source', users: { deid: 'source-password' } }),
      startOrthanc({ name: 'central', users: { sidecar: 'central-password' } }),
      startOrthanc({ name: 'node', users: { sidecar: 'node-password' } }),
    ]);
    for (const spec of [STUDY_A, STUDY_B, STUDY_C1, STUDY_C2, STUDY_D, STUDY_E]) await createStudy(source.url, spec, source.credentials);
    deployment = await writeDeployment({
      source,
      peers: [
        { name: 'central', orthanc: central, profile: 'eucanimage' },
        { name: 'node', orthanc: node, profile: 'health-ri-strict' },
      ],
    });
    sidecar = await startSidecar({ config: loadConfig(deployment.configPath) });
    radiologist = new Api(sidecar.url, deployment.tokens.radiologist);
    admin = new Api(sidecar.url, deployment.tokens.admin);
  });

  afterAll(async () => {
    await sidecar?.close();
    await Promise.all([source?.stop(), central?.stop(), node?.stop()]);
    deployment?.remove();
  });

  it('lists the peers a radiologist may share to, with their profiles', async () => {
    const { status, body } = await radiologist.get('/api/v1/peers');
    expect(status).toBe(200);
    expect(body.map((p: any) => p.name)).toEqual(['central', 'node']);
    expect(body[0]).toEqual({
      name: 'central',
      description: 'Test peer central',
      profile: expect.objectContaining({ id: 'eucanimage', version: loadProfile('eucanimage').profile.version, title: expect.any(String), summary: expect.any(String), options: expect.arrayContaining(['clean-descriptors']) }),
    });
  });

  it('shares a study on request: 202, then done once the peer holds exactly the de-identified copies', async () => {
    const job = await share(STUDY_A, ['central']);
    expect(job).toMatchObject({ status: 'done', studyInstanceUID: STUDY_A.studyInstanceUID, requestedBy: 'dr-ana', origin: 'request' });
    const [entry] = job.peers;
    expect(entry).toMatchObject({ peer: 'central', status: 'done', total: 6, done: 6, withheld: 0, refused: 0, failed: 0, reasons: [] });
    expect(entry.peerStudyId).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{8}){4}$/);
    expect(entry.peerStudyUrl).toBe(`${central.url}/app/explorer.html#study?uuid=${entry.peerStudyId}`);

    const copies = await copiesOf(central, job, 'central');
    expect(copies).toHaveLength(6);
    const originals = new Set(Array.from({ length: 6 }, (_, i) => `${STUDY_A.studyInstanceUID}.${Math.floor(i / 3) + 1}.${(i % 3) + 1}`));
    for (const tags of copies) {
      expect(tags.PatientID).not.toBe(STUDY_A.patientId);
      expect(tags.PatientName).not.toContain('DOE');
      expect(tags.StudyInstanceUID).toMatch(/^2\.25\.\d+$/);
      expect(originals.has(tags.SOPInstanceUID as string)).toBe(false);
      expect(tags.InstitutionName ?? '').not.toContain('Example');
      expect(tags.AccessionNumber ?? '').not.toContain('MRN');
      expect(tags.ReferringPhysicianName ?? '').not.toContain('WHO');
      expect(tags.PatientBirthDate ?? '').toBe('');
    }
    expect(new Set(copies.map((t) => t.SOPInstanceUID)).size).toBe(6);
    expect(new Set(copies.map((t) => t.PatientID)).size).toBe(1);
  });

  it('sends two peers with different profiles differently de-identified copies of one study', async () => {
    const job = await share(STUDY_B, ['central', 'node']);
    expect(job.status).toBe('done');
    expect(job.peers.map((p: any) => [p.peer, p.status, p.done])).toEqual([
      ['central', 'done', 3],
      ['node', 'done', 3],
    ]);
    const [atCentral, atNode] = [await copiesOf(central, job, 'central'), await copiesOf(node, job, 'node')];
    const c = atCentral[0] as Record<string, string>;
    const n = atNode[0] as Record<string, string>;
    // Different pseudonym schemes: the EuCanImage 64-hex subject ID vs a linked random HRI pseudonym.
    expect(c.PatientID).toMatch(/^[0-9a-f]{64}$/);
    expect(n.PatientID).toMatch(/^HRI[0-9A-Z]{16}$/);
    // Different date policies: eucanimage shifts by the patient's offset, health-ri-strict sets the day of the share.
    expect(c.StudyDate).not.toBe('20260315');
    expect(c.StudyDate).toMatch(/^\d{8}$/);
    expect(daysOfThisRun()).toContain(n.StudyDate);
    // Different UID namespaces per peer: the two copies cannot be joined by UID.
    expect(c.StudyInstanceUID).not.toBe(n.StudyInstanceUID);
    // health-ri-strict's whitelist drops what eucanimage keeps (e.g. the series description survives clean-descriptors there).
    expect(Object.keys(n).length).toBeLessThan(Object.keys(c).length);
  });

  it('keeps one pseudonym for a patient shared twice (two studies, two jobs), on each peer', async () => {
    const first = await share(STUDY_C1, ['central', 'node']);
    const second = await share(STUDY_C2, ['node', 'central']);
    expect([first.status, second.status]).toEqual(['done', 'done']);
    for (const [peer, name] of [
      [central, 'central'],
      [node, 'node'],
    ] as const) {
      const one = await copiesOf(peer, first, name);
      const two = await copiesOf(peer, second, name);
      expect(one[0]?.PatientID).toBe(two[0]?.PatientID);
      expect(one[0]?.StudyInstanceUID).not.toBe(two[0]?.StudyInstanceUID);
      // Orthanc files both studies under one patient.
      const study = await orthancGet<any>(peer, `/studies/${first.peers.find((p: any) => p.peer === name).peerStudyId}`);
      const patient = await orthancGet<any>(peer, `/patients/${study.ParentPatient}`);
      expect(patient.Studies).toHaveLength(2);
    }
  });

  it('shares the rest of a study with a malformed and a burned-in instance: partial, with the reasons listed', async () => {
    const job = await share(STUDY_D, ['central']);
    expect(job.status).toBe('partial');
    const [entry] = job.peers;
    expect(entry).toMatchObject({ status: 'partial', total: 5, done: 3, withheld: 1, refused: 1, failed: 0 });
    expect(entry.reason).toMatch(/1 withheld, 1 refused/);
    const reasons = Object.fromEntries(entry.reasons.map((r: any) => [r.sopInstanceUID, r]));
    expect(reasons[`${STUDY_D.studyInstanceUID}.1.2`]).toMatchObject({ status: 'refused', reason: expect.stringMatching(/SOP Class UID/) });
    expect(reasons[`${STUDY_D.studyInstanceUID}.1.4`]).toMatchObject({ status: 'withheld', reason: expect.stringMatching(/Burned In Annotation/) });
    expect(await copiesOf(central, job, 'central')).toHaveLength(3);
  });

  it('previews the tag-level diff of one instance under a peer profile and sends nothing', async () => {
    const before = (await studyIds(node)).length;
    const { status, body } = await radiologist.post('/api/v1/previews', { studyInstanceUID: STUDY_E.studyInstanceUID, peer: 'node' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ peer: 'node', profileId: 'health-ri-strict', sopInstanceUID: `${STUDY_E.studyInstanceUID}.1.1`, status: 'ok' });
    const row = (keyword: string) => body.rows.find((r: any) => r.keyword === keyword);
    expect(row('SOPInstanceUID')).toMatchObject({ original: body.sopInstanceUID, action: 'remapped' });
    expect(row('PatientName')).toMatchObject({ tag: '(0010,0010)', original: 'MOE^EVA', action: 'replaced' });
    expect(row('StudyDate')).toMatchObject({ original: '20260315' });
    expect(daysOfThisRun()).toContain(row('StudyDate').result);
    expect(row('StudyInstanceUID')).toMatchObject({ original: STUDY_E.studyInstanceUID, action: 'remapped' });
    expect((await studyIds(node)).length).toBe(before);
    // The preview created no pseudonym: the linkage table has no entry for this patient yet.
    const links = await sidecar.services.state.pseudonyms.findLinksByPseudonym(row('PatientID').result);
    expect(links).toEqual([]);
  });

  it('answers bad requests with 4xx JSON errors and keeps serving', async () => {
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', '/api/v1/shares', { peers: ['central'] }, 400, 'bad_request'],
      ['POST', '/api/v1/shares', { studyInstanceUID: STUDY_A.studyInstanceUID }, 400, 'bad_request'],
      ['POST', '/api/v1/shares', { studyInstanceUID: 'not a uid', peers: ['central'] }, 400, 'bad_request'],
      ['POST', '/api/v1/shares', { studyInstanceUID: STUDY_A.studyInstanceUID, peers: ['nowhere'] }, 400, 'bad_request'],
      ['POST', '/api/v1/shares', { studyInstanceUID: STUDY_A.studyInstanceUID, peers: ['central'], extra: 1 }, 400, 'bad_request'],
      ['POST', '/api/v1/shares', { studyInstanceUID: '1.2.3.999', peers: ['central'] }, 404, 'not_found'],
      ['POST', '/api/v1/shares', '{"studyInstanceUID": ', 400, 'bad_request'],
      ['POST', '/api/v1/previews', { studyInstanceUID: STUDY_A.studyInstanceUID, peer: 'nowhere' }, 404, 'not_found'],
      ['GET', '/api/v1/shares/no-such-job', undefined, 404, 'not_found'],
      ['GET', '/api/v1/nothing-here', undefined, 404, 'not_found'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const answer = await radiologist.request(method, path, body);
      expect([method, path, body, answer.status, answer.body?.error?.code]).toEqual([method, path, body, status, code]);
      expect(typeof answer.body.error.message).toBe('string');
    }
    const wrongType = await radiologist.request('POST', '/api/v1/shares', '<share/>', { 'content-type': 'application/xml' });
    expect([wrongType.status, wrongType.body.error.code]).toEqual([415, 'unsupported_media_type']);
    expect((await radiologist.get('/api/v1/peers')).status).toBe(200);
  });

  it('refuses each role where it does not belong', async () => {
    const job = (await radiologist.get('/api/v1/shares')).body[0];
    const shareBody = { studyInstanceUID: STUDY_E.studyInstanceUID, peers: ['central'] };
    const routes: Array<[string, string, unknown]> = [
      ['POST', '/api/v1/shares', shareBody],
      ['GET', '/api/v1/shares', undefined],
      ['GET', `/api/v1/shares/${job.id}`, undefined],
      ['POST', '/api/v1/previews', { studyInstanceUID: STUDY_E.studyInstanceUID, peer: 'central' }],
      ['GET', '/api/v1/peers', undefined],
      ['GET', '/api/v1/admin/peers', undefined],
      ['GET', '/api/v1/admin/peers/central/profile', undefined],
      ['PUT', '/api/v1/admin/peers/central/profile', { profile: 'eucanimage' }],
      ['GET', '/api/v1/admin/audit', undefined],
      ['POST', '/api/v1/erasures', { patientId: 'nobody' }],
      ['POST', '/api/v1/hooks/orthanc/stable-study', { orthancStudyId: '00000000-00000000-00000000-00000000-00000000' }],
      ['GET', '/metrics', undefined],
    ];
    const allowed: Record<string, string[]> = {
      radiologist: ['POST /api/v1/shares', 'GET /api/v1/shares', `GET /api/v1/shares/${job.id}`, 'POST /api/v1/previews', 'GET /api/v1/peers'],
      admin: ['GET /api/v1/shares', `GET /api/v1/shares/${job.id}`, 'GET /api/v1/peers', 'GET /api/v1/admin/peers', 'GET /api/v1/admin/peers/central/profile', 'PUT /api/v1/admin/peers/central/profile', 'GET /api/v1/admin/audit', 'POST /api/v1/erasures', 'GET /metrics'],
      orthanc: ['POST /api/v1/hooks/orthanc/stable-study'],
    };
    for (const role of ['radiologist', 'admin', 'orthanc'] as const) {
      const api = radiologist.as(deployment.tokens[role]);
      for (const [method, path, body] of routes) {
        const { status, body: answer } = await api.request(method, path, body);
        const key = `${method} ${path}`;
        if (allowed[role]?.includes(key)) {
          expect([role, key, status === 401 || status === 403]).toEqual([role, key, false]);
        } else {
          expect([role, key, status, answer?.error?.code]).toEqual([role, key, 403, 'forbidden']);
        }
      }
    }
    for (const token of [undefined, 'not-a-token', `${deployment.tokens.admin}x`]) {
      for (const [method, path, body] of routes) {
        const { status, body: answer, headers } = await radiologist.as(token).request(method, path, body);
        expect([token, method, path, status, answer?.error?.code]).toEqual([token, method, path, 401, 'unauthenticated']);
        expect(headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
    // Another radiologist's job is not visible (404, as if absent); an admin sees every job.
    expect((await radiologist.as(deployment.tokens.radiologist2).get(`/api/v1/shares/${job.id}`)).status).toBe(404);
    expect((await radiologist.as(deployment.tokens.radiologist2).get('/api/v1/shares')).body).toEqual([]);
    expect((await admin.get(`/api/v1/shares/${job.id}`)).status).toBe(200);
    expect((await admin.get('/api/v1/shares')).body.length).toBeGreaterThanOrEqual(4);
    expect((await new Api(sidecar.url).get('/healthz')).body).toEqual({ status: 'ok' });
  });

  it('lets an admin change a peer profile (validated, audited) and serves metrics and the OpenAPI document', async () => {
    const bad = await admin.put('/api/v1/admin/peers/node/profile', { profile: '/etc/passwd' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'bad_request']);
    const badOption = await admin.put('/api/v1/admin/peers/node/profile', { profile: 'tcia', options: ['keep-everything'] });
    expect(badOption.status).toBe(400);
    const changed = await admin.put('/api/v1/admin/peers/node/profile', { profile: 'primage', options: ['retain-safe-private'] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ peer: 'node', profile: 'primage', profileId: 'primage', options: ['retain-safe-private'], source: 'admin', updatedBy: 'dpo-admin' });
    expect((await radiologist.get('/api/v1/peers')).body[1].profile).toMatchObject({ id: 'primage', options: expect.arrayContaining(['retain-safe-private']) });
    const audit = await admin.get('/api/v1/admin/audit?action=peer.profile.changed&peer=node');
    expect(audit.body).toHaveLength(1);
    expect(audit.body[0]).toMatchObject({
      actor: 'dpo-admin',
      role: 'admin',
      peer: 'node',
      profileId: 'primage',
      profileSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      details: { before: { profileId: 'health-ri-strict' }, after: { profileId: 'primage', options: ['retain-safe-private'] } },
    });
    const shares = await admin.get('/api/v1/admin/audit?action=share.requested&limit=2');
    expect(shares.body[0]).toMatchObject({ actor: 'dr-ana', role: 'radiologist', peer: 'central', profileId: 'eucanimage', jobId: expect.any(String) });
    await admin.put('/api/v1/admin/peers/node/profile', { profile: 'health-ri-strict' });

    const metrics = await admin.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/^deid_share_jobs\{status="done"\} [1-9]/m);
    expect(metrics.body).toMatch(/^deid_share_instances_total\{peer="central",outcome="withheld"\} 1$/m);
    expect(metrics.body).toMatch(/^deid_share_pushed_bytes_total\{peer="central"\} [1-9]/m);
    expect(metrics.body).toMatch(/^deid_share_job_duration_seconds_count\{status="partial"\} 1$/m);
    expect(metrics.body).not.toContain('MRN');

    const openapi = await radiologist.get('/api/v1/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toBe('3.0.3');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/api/v1/shares', '/api/v1/shares/{id}', '/api/v1/previews', '/api/v1/peers', '/api/v1/erasures', '/api/v1/hooks/orthanc/stable-study']));
    expect(openapi.body.components.schemas.ShareJob).toBeDefined();
  });

  it("erases a patient's studies from every peer and records the evidence", async () => {
    // Patient C has two studies on each peer; patient B one; A and D only on central.
    const centralBefore = await studyIds(central);
    const nodeBefore = await studyIds(node);
    const { status, body } = await admin.post('/api/v1/erasures', { issuer: 'HOSP-X', patientId: 'MRN-C-3003' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'complete', message: '4 copies deleted' });
    for (const entry of body.peers) {
      expect(entry).toMatchObject({ searchable: true, errors: [] });
      expect(entry.deleted).toHaveLength(2);
      expect(entry.deleted[0].foundBy).toEqual(['ledger', 'pseudonym']);
    }
    expect((await studyIds(central)).length).toBe(centralBefore.length - 2);
    expect((await studyIds(node)).length).toBe(nodeBefore.length - 2);
    const left = [...(await allInstances(central)), ...(await allInstances(node))];
    expect(left.some((i) => i.tags.PatientName?.includes('POE'))).toBe(false);

    // Without the issuer it is another patient: nothing of C is found, nothing else is touched.
    const other = await admin.post('/api/v1/erasures', { patientId: 'MRN-C-3003' });
    expect(other.body).toMatchObject({ status: 'complete', message: 'no copy of this patient was found on any peer' });
    expect((await studyIds(central)).length).toBe(centralBefore.length - 2);

    const evidence = await admin.get(`/api/v1/erasures/${body.id}`);
    expect(evidence.status).toBe(200);
    expect(evidence.body).toMatchObject({ id: body.id, status: 'complete', peers: body.peers });
    expect(JSON.stringify(evidence.body)).not.toContain('MRN-C');
    const audit = await admin.get('/api/v1/admin/audit?action=erasure');
    expect(audit.body.find((event: any) => event.details.erasureId === body.id)).toMatchObject({ actor: 'dpo-admin', details: { erasureId: body.id, status: 'complete', deleted: { central: 2, node: 2 } } });
    expect(JSON.stringify(audit.body)).not.toContain('MRN');
  });

  it('says plainly that erasure is impossible where the peer keeps no linkage (random-unlinked)', async () => {
    const unlinked = await writeDeployment({ source, peers: [{ name: 'anonymous-node', orthanc: node, profile: 'chaimeleon' }] });
    const second = await startSidecar({ config: loadConfig(unlinked.configPath) });
    try {
      const api = new Api(second.url, unlinked.tokens.admin);
      const sharer = new Api(second.url, unlinked.tokens.radiologist);
      const answer = await sharer.post('/api/v1/shares', { studyInstanceUID: STUDY_E.studyInstanceUID, peers: ['anonymous-node'] });
      expect((await sharer.waitForJob(answer.body.id)).status).toBe('done');
      const erasure = await api.post('/api/v1/erasures', { patientId: STUDY_E.patientId });
      expect(erasure.status).toBe(422);
      expect(erasure.body.error.code).toBe('erasure_impossible');
      expect(erasure.body.error.message).toMatch(/random-unlinked.*keeps no link.*cannot be erased/);
      // Nothing links the patient to the copy: the share ledger has no entry for them.
      const { secret } = await readSecretFile(join(unlinked.dir, 'project.key'));
      const key = sharedCopySubjectKey(secret, { issuer: '', patientId: STUDY_E.patientId });
      expect(await second.services.state.shares.forSubjects([key])).toEqual([]);
    } finally {
      await second.close();
      unlinked.remove();
    }
  });
});
