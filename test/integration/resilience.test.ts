/**
 * Crashes and outages: the sidecar is killed (SIGKILL, as in a power cut) in the middle of a job and
 * started again; a peer is down. Runs `deid-share serve` from packages/cli/dist (build first).
 */
import { startOrthanc, type LocalOrthanc } from '@deid-share/orthanc-local';
import { describeWhenPresent, orthancMissing } from '../support/required-parts.js';
import { loadConfig, startSidecar } from '@deid-share/sidecar';

import { Api } from './support/api.js';
import { orthancGet } from './support/orthanc.js';
import { startChild, writeDeployment, type ChildSidecar, type Deployment } from '../support/sidecar.js';
import { createStudy, type StudySpec } from '../support/studies.js';

const run = describeWhenPresent(orthancMissing());

const BIG: StudySpec = {
  patientId: 'MRN-K-7007',
  patientName: 'KOE^KIM',
  studyInstanceUID: '1.2.826.0.1.3680043.10.1141.7.1',
  series: 2,
  instancesPerSeries: 60,
  size: 256,
};
const SMALL: StudySpec = { patientId: 'MRN-L-8008', patientName: 'LOE^LIV', studyInstanceUID: '1.2.826.0.1.3680043.10.1141.8.1', instancesPerSeries: 4 };

/**
 * Starts the sidecar as a process, shares BIG to `peer` and kills the process (SIGKILL) once 10 instances are
 * done, with the job still running. The returned client works again once the sidecar is restarted (same port).
 */
async function shareAndKillMidway(deployment: Deployment, peer: string): Promise<{ id: string; api: Api }> {
  const child = await startChild(deployment);
  try {
    const api = new Api(child.url, deployment.tokens.radiologist);
    const created = await api.post('/api/v1/shares', { studyInstanceUID: BIG.studyInstanceUID, peers: [peer] });
    expect(created.status).toBe(202);
    const id = created.body.id as string;
    const midway = await api.waitForJob(id, { until: (job) => job.peers[0].done >= 10 || job.status !== 'running' });
    expect(midway.status).toBe('running');
    return { id, api };
  } finally {
    await child.kill();
  }
}

run('sidecar resilience', () => {
  let source: LocalOrthanc;
  let central: LocalOrthanc;

  beforeAll(async () => {
    [source, central] = await Promise.all([startOrthanc({ name: 'source' }), startOrthanc({ name: 'central', users: { sidecar: 'central-password' } })]);
    await createStudy(source.url, BIG);
    await createStudy(source.url, SMALL);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([source?.stop(), central?.stop()]);
  });

  it('resumes a job after the sidecar is killed mid-job: the peer ends with exactly one copy of each instance', async () => {
    // One instance at a time, so the job is still running when it is killed.
    const deployment = await writeDeployment({ source, peers: [{ name: 'central', orthanc: central, profile: 'eucanimage' }], limits: { concurrentInstances: 1 } });
    let child: ChildSidecar | undefined;
    try {
      const { id, api } = await shareAndKillMidway(deployment, 'central');
      const heldAtCrash = (await orthancGet<{ CountInstances: number }>(central, '/statistics')).CountInstances;
      expect(heldAtCrash).toBeGreaterThanOrEqual(10);
      expect(heldAtCrash).toBeLessThan(120);

      child = await startChild(deployment);
      const job = await api.waitForJob(id, { timeoutMs: 90_000 });
      expect(job).toMatchObject({ id, status: 'done' });
      expect(job.peers[0]).toMatchObject({ status: 'done', total: 120, done: 120, withheld: 0, refused: 0, failed: 0 });

      const instances = await orthancGet<any[]>(central, `/studies/${job.peers[0].peerStudyId}/instances`);
      const uids = instances.map((i) => i.MainDicomTags.SOPInstanceUID);
      expect(uids).toHaveLength(120);
      expect(new Set(uids).size).toBe(120);
      expect((await orthancGet<{ CountInstances: number; CountStudies: number }>(central, '/statistics'))).toMatchObject({ CountInstances: 120, CountStudies: 1 });

      // The restarted process sent only what had not been pushed before the crash.
      const metrics = await new Api(child.url, deployment.tokens.admin).get('/metrics');
      const pushed = Number(/^deid_share_instances_total\{peer="central",outcome="pushed"\} (\d+)$/m.exec(metrics.body)?.[1]);
      expect(pushed).toBeGreaterThan(0);
      expect(pushed).toBeLessThanOrEqual(120 - heldAtCrash + 1);
    } finally {
      await child?.stop();
      deployment.remove();
    }
  }, 180_000);

  it('resumes a random-unlinked share after a kill by sending the whole study again: one patient, one copy', async () => {
    // random-unlinked (CHAIMELEON) keeps no pseudonym across runs: the instances sent before the crash would land
    // under another pseudonym than those sent after it, unless the resumed job replaces the partial copy.
    const unlinkedPeer = await startOrthanc({ name: 'unlinked' });
    const deployment = await writeDeployment({ source, peers: [{ name: 'unlinked', orthanc: unlinkedPeer, profile: 'chaimeleon' }], limits: { concurrentInstances: 1 } });
    let child: ChildSidecar | undefined;
    try {
      const { id, api } = await shareAndKillMidway(deployment, 'unlinked');
      expect((await orthancGet<{ CountInstances: number }>(unlinkedPeer, '/statistics')).CountInstances).toBeLessThan(120);

      child = await startChild(deployment);
      const job = await api.waitForJob(id, { timeoutMs: 90_000 });
      expect(job).toMatchObject({ id, status: 'done' });
      expect(await orthancGet(unlinkedPeer, '/statistics')).toMatchObject({ CountPatients: 1, CountStudies: 1, CountInstances: 120 });
    } finally {
      await child?.stop();
      deployment.remove();
      await unlinkedPeer.stop();
    }
  }, 180_000);

  it('retries a peer that is down, then fails it with a reason and nothing marked done', async () => {
    const gone = await startOrthanc({ name: 'gone' });
    await gone.stop();
    const deployment = await writeDeployment({
      source,
      peers: [
        { name: 'central', orthanc: central, profile: 'ps3.15-basic' },
        { name: 'gone', orthanc: gone, profile: 'ps3.15-basic' },
      ],
    });
    const sidecar = await startSidecar({ config: loadConfig(deployment.configPath) });
    try {
      const api = new Api(sidecar.url, deployment.tokens.radiologist);
      const onlyDown = await api.post('/api/v1/shares', { studyInstanceUID: SMALL.studyInstanceUID, peers: ['gone'] });
      const failed = await api.waitForJob(onlyDown.body.id);
      expect(failed.status).toBe('failed');
      expect(failed.reason).toMatch(/^gone: peer gone could not be reached after 3 attempts/);
      expect(failed.peers[0]).toMatchObject({ peer: 'gone', status: 'failed', total: 4, done: 0, withheld: 0, refused: 0, failed: 4 });
      expect(failed.peers[0].peerStudyId).toBeUndefined();
      expect(failed.peers[0].reasons).toHaveLength(4);
      for (const reason of failed.peers[0].reasons) expect(reason).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^not delivered: peer gone could not be reached/) });

      // One peer down does not hold back the other.
      const both = await api.post('/api/v1/shares', { studyInstanceUID: SMALL.studyInstanceUID, peers: ['central', 'gone'] });
      const partial = await api.waitForJob(both.body.id);
      expect(partial.status).toBe('partial');
      expect(partial.peers.map((p: any) => [p.peer, p.status, p.done])).toEqual([
        ['central', 'done', 4],
        ['gone', 'failed', 0],
      ]);
      const metrics = await new Api(sidecar.url, deployment.tokens.admin).get('/metrics');
      expect(Number(/^deid_share_retries_total\{target="peer:gone"\} (\d+)$/m.exec(metrics.body)?.[1])).toBeGreaterThanOrEqual(4);
    } finally {
      await sidecar.close();
      deployment.remove();
    }
  }, 60_000);

  it('replaces an earlier copy on a peer that keeps the first version of an instance (OverwriteInstances off)', async () => {
    const keeper = await startOrthanc({ name: 'keeper', extraConfig: { OverwriteInstances: false } });
    const deployment = await writeDeployment({ source, peers: [{ name: 'keeper', orthanc: keeper, profile: 'ps3.15-basic' }] });
    const sidecar = await startSidecar({ config: loadConfig(deployment.configPath) });
    try {
      const api = new Api(sidecar.url, deployment.tokens.radiologist);
      const admin = new Api(sidecar.url, deployment.tokens.admin);
      const share = async () => api.waitForJob((await api.post('/api/v1/shares', { studyInstanceUID: SMALL.studyInstanceUID, peers: ['keeper'] })).body.id);
      const sexes = async () => {
        const ids = await orthancGet<string[]>(keeper, '/instances');
        return Promise.all(ids.map(async (id) => (await orthancGet<Record<string, string>>(keeper, `/instances/${id}/simplified-tags`)).PatientSex ?? ''));
      };
      expect((await share()).status).toBe('done');
      expect(await sexes()).toEqual(['', '', '', '']);
      // Same pseudonym scheme and UIDs, more retained: the peer answers AlreadyStored to the new version.
      expect((await admin.put('/api/v1/admin/peers/keeper/profile', { profile: 'ps3.15-basic', options: ['retain-patient-characteristics'] })).status).toBe(200);
      expect((await share()).status).toBe('done');
      expect(await sexes()).toEqual(['F', 'F', 'F', 'F']);
      expect((await orthancGet<{ CountInstances: number }>(keeper, '/statistics')).CountInstances).toBe(4);
    } finally {
      await sidecar.close();
      await keeper.stop();
      deployment.remove();
    }
  }, 60_000);
});
