/**
 * Many sidecar workers on one PostgreSQL state, with real Orthanc servers: workers share a queue of studies to two
 * peers; a worker killed with SIGKILL mid-share is taken over; the database restarts mid-run; a burst of webhook
 * calls makes one job per study. Each peer sits behind a recording pass-through, so the test sees every upload
 * with its start and end: no instance may ever be uploaded by two workers at the same time.
 * Runs `deid-share serve` from packages/cli/dist (build first).
 */
import { readFileSync } from 'node:fs';

import { startOrthanc, type LocalOrthanc } from '@deid-share/orthanc-local';
import { startPostgres, type LocalPostgres } from '@deid-share/postgres-local';

import { Api } from './support/api.js';
import { orthancGet } from './support/orthanc.js';
import { startPushRecorder, type PushRecorder } from '../support/push-recorder.js';
import { writeDeployment, type ChildSidecar, type Deployment } from '../support/sidecar.js';
import { createStudy, type StudySpec } from '../support/studies.js';
import { describeWhenPresent, orthancMissing, postgresMissing } from '../support/required-parts.js';
import { postgresState, startWorkers } from '../support/workers.js';

const run = describeWhenPresent(orthancMissing(), postgresMissing());

const study = (n: number, instances: number, extra: Partial<StudySpec> = {}): StudySpec => ({
  patientId: `MRN-W-${n}`,
  patientName: `WORKER^PATIENT${n}`,
  studyInstanceUID: `1.2.826.0.1.3680043.10.1141.14.${n}`,
  instancesPerSeries: instances,
  size: 64,
  ...extra,
});
/** The shared queue: six studies of eight instances. */
const QUEUE = Array.from({ length: 6 }, (_, n) => study(n + 1, 8));
/** Large enough to be killed midway when sent one instance at a time. */
const LONG = study(50, 40, { size: 128 });
/** Twenty one-instance studies that a routing rule sends to both peers. */
const BURST = Array.from({ length: 20 }, (_, n) => study(100 + n, 1, { description: 'BURST' }));

const LEASE = { leaseSeconds: 2, pollSeconds: 0.2 };
const PEERS = ['central', 'node'];

run('sidecar workers on PostgreSQL', () => {
  let cluster: LocalPostgres;
  let source: LocalOrthanc;
  const peers: Record<string, LocalOrthanc> = {};
  const sourceIds = new Map<string, string>();
  let recorders: Record<string, PushRecorder>;
  let deployment: Deployment | undefined;
  let workers: ChildSidecar[] = [];

  beforeAll(async () => {
    [cluster, source, peers.central, peers.node] = await Promise.all([
      startPostgres(),
      startOrthanc({ name: 'source' }),
      startOrthanc({ name: 'central', users: { sidecar: 'central-password' } }),
      startOrthanc({ name: 'node' }),
    ]);
    for (const spec of [...QUEUE, LONG, ...BURST]) sourceIds.set(spec.studyInstanceUID, (await createStudy(source.url, spec)).orthancStudyId);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([cluster?.stop(), source?.stop(), peers.central?.stop(), peers.node?.stop()]);
  });

  beforeEach(async () => {
    // Every test starts with empty peers behind fresh recorders.
    for (const peer of Object.values(peers)) {
      for (const id of await orthancGet<string[]>(peer, '/patients')) await fetch(`${peer.url}/patients/${id}`, { method: 'DELETE', headers: auth(peer) });
    }
    recorders = Object.fromEntries(await Promise.all(PEERS.map(async (name) => [name, await startPushRecorder(peers[name] as LocalOrthanc)] as const)));
  });

  afterEach(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    workers = [];
    deployment?.remove();
    deployment = undefined;
    await Promise.all(Object.values(recorders).map((recorder) => recorder.stop()));
  });

  const auth = (orthanc: LocalOrthanc): Record<string, string> =>
    orthanc.credentials ? { authorization: `Basic ${Buffer.from(`${orthanc.credentials.username}:${orthanc.credentials.password}`).toString('base64')}` } : {};

  async function deploy(options: { limits?: Record<string, number>; routing?: unknown[] } = {}): Promise<Deployment> {
    deployment = await writeDeployment({
      source,
      peers: PEERS.map((name) => ({ name, orthanc: (recorders[name] as PushRecorder).orthanc, profile: 'eucanimage', concurrentShares: 2 })),
      state: await postgresState(cluster),
      workers: LEASE,
      ...options,
    });
    return deployment;
  }

  /** Each request to the next worker in turn: every API request can land on any worker. */
  const roundRobin = (token: string) => {
    let next = 0;
    return () => new Api((workers[next++ % workers.length] as ChildSidecar).url, token);
  };

  async function waitForAll(api: () => Api, ids: readonly string[], timeoutMs: number): Promise<any[]> {
    return Promise.all(ids.map((id) => api().waitForJob(id, { timeoutMs })));
  }

  /** Each peer holds exactly one complete copy of each study: every instance once, one study per source study. */
  async function expectCompleteCopies(studies: readonly StudySpec[]): Promise<void> {
    const instances = studies.reduce((sum, spec) => sum + (spec.instancesPerSeries ?? 1) * (spec.series ?? 1), 0);
    for (const name of PEERS) {
      expect([name, await orthancGet(peers[name] as LocalOrthanc, '/statistics')]).toEqual([name, expect.objectContaining({ CountStudies: studies.length, CountInstances: instances })]);
      expect([name, recorders[name]?.concurrentUploads()]).toEqual([name, []]);
    }
  }

  const pushedBy = async (worker: ChildSidecar, token: string): Promise<number> => {
    const metrics = (await new Api(worker.url, token).get('/metrics')).body as string;
    return [...metrics.matchAll(/^deid_share_instances_total\{peer="[^"]+",outcome="pushed"\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  };

  it.each([2, 3])('%i workers share a queue of studies to two peers: every copy complete, no instance uploaded twice', async (count) => {
    const deployed = await deploy();
    workers = await startWorkers(deployed, count);
    const api = roundRobin(deployed.tokens.radiologist);
    const ids: string[] = [];
    for (const spec of QUEUE) {
      const created = await api().post('/api/v1/shares', { studyInstanceUID: spec.studyInstanceUID, peers: PEERS });
      expect(created.status).toBe(202);
      ids.push(created.body.id);
    }
    const jobs = await waitForAll(api, ids, 120_000);
    for (const job of jobs) expect(job).toMatchObject({ status: 'done', peers: [{ status: 'done', done: 8 }, { status: 'done', done: 8 }] });
    await expectCompleteCopies(QUEUE);
    for (const name of PEERS) expect([name, recorders[name]?.repeatedUploads()]).toEqual([name, []]);
    // The work was spread: more than one worker pushed.
    const perWorker = await Promise.all(workers.map((worker) => pushedBy(worker, deployed.tokens.admin)));
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(QUEUE.length * 8 * PEERS.length);
    expect(perWorker.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    const health = await new Api((workers[0] as ChildSidecar).url).get('/healthz');
    expect(health.body).toMatchObject({ status: 'ok', role: 'worker', database: 'reachable', worker: expect.stringContaining(':') });
  }, 240_000);

  it('a worker killed with SIGKILL mid-share is taken over: the peer ends with one complete copy', async () => {
    const deployed = await deploy({ limits: { concurrentInstances: 1 } });
    workers = await startWorkers(deployed, 2);
    const api = roundRobin(deployed.tokens.radiologist);
    const created = await api().post('/api/v1/shares', { studyInstanceUID: LONG.studyInstanceUID, peers: ['central'] });
    const id = created.body.id as string;
    const ended = (job: any) => job.status !== 'queued' && job.status !== 'running';
    const midway = await api().waitForJob(id, { until: (job) => job.peers[0].done >= 8 || ended(job), timeoutMs: 60_000 });
    expect(midway.status).toBe('running');

    const owner = await query(deployed, 'SELECT lease_owner FROM share_target WHERE job_id = $1', [id]);
    const holder = workers.find((worker) => String(owner[0]?.lease_owner).includes(`:${worker.process.pid}:`)) as ChildSidecar;
    expect(holder).toBeDefined();
    const uploadsBeforeKill = recorders.central?.uploads.length ?? 0;
    const killedAt = Date.now();
    await holder.kill();
    workers = workers.filter((worker) => worker !== holder);

    const survivor = new Api((workers[0] as ChildSidecar).url, deployed.tokens.radiologist);
    const job = await survivor.waitForJob(id, { timeoutMs: 120_000 });
    const takeoverSeconds = (Date.now() - killedAt) / 1000;
    expect(job).toMatchObject({ status: 'done', peers: [{ status: 'done', total: 40, done: 40, failed: 0 }] });
    expect(await orthancGet(peers.central as LocalOrthanc, '/statistics')).toMatchObject({ CountPatients: 1, CountStudies: 1, CountInstances: 40 });
    expect(recorders.central?.concurrentUploads()).toEqual([]);
    // Resumed from the recorded progress: at most the instance in flight at the kill is sent again.
    const uploadsAfterKill = (recorders.central?.uploads.length ?? 0) - uploadsBeforeKill;
    expect(uploadsAfterKill).toBeLessThanOrEqual(40 - midway.peers[0].done + 1);
    const [target] = await query(deployed, 'SELECT claims, lease_owner FROM share_target WHERE job_id = $1', [id]);
    expect(target?.claims).toBe(2);
    process.stdout.write(`kill -9 takeover: job done ${takeoverSeconds.toFixed(1)} s after the kill (lease ${LEASE.leaseSeconds} s), ${uploadsAfterKill} uploads after it\n`);
  }, 240_000);

  it('a worker stopped gracefully hands its lease back: another resumes the share at once, not after the lease', async () => {
    // A lease far longer than the test's limit: only a handed-back lease lets the share finish in time.
    deployment = await writeDeployment({
      source,
      peers: [{ name: 'central', orthanc: (recorders.central as PushRecorder).orthanc, profile: 'eucanimage' }],
      state: await postgresState(cluster),
      workers: { leaseSeconds: 120, pollSeconds: 0.2 },
      limits: { concurrentInstances: 1 },
    });
    const deployed = deployment;
    workers = await startWorkers(deployed, 2);
    const api = roundRobin(deployed.tokens.radiologist);
    const id = (await api().post('/api/v1/shares', { studyInstanceUID: LONG.studyInstanceUID, peers: ['central'] })).body.id as string;
    await api().waitForJob(id, { until: (job) => job.peers[0].done >= 8, timeoutMs: 60_000 });
    const owner = String((await query(deployed, 'SELECT lease_owner FROM share_target WHERE job_id = $1', [id]))[0]?.lease_owner);
    const holder = workers.find((worker) => owner.includes(`:${worker.process.pid}:`)) as ChildSidecar;
    await holder.stop();
    workers = workers.filter((worker) => worker !== holder);
    const job = await new Api((workers[0] as ChildSidecar).url, deployed.tokens.radiologist).waitForJob(id, { timeoutMs: 60_000 });
    expect(job).toMatchObject({ status: 'done', peers: [{ status: 'done', done: 40 }] });
    expect(await query(deployed, 'SELECT claims FROM share_target WHERE job_id = $1', [id])).toEqual([{ claims: 2 }]);
    expect(await orthancGet(peers.central as LocalOrthanc, '/statistics')).toMatchObject({ CountStudies: 1, CountInstances: 40 });
    expect(recorders.central?.concurrentUploads()).toEqual([]);
  }, 240_000);

  it('the database restarted mid-run: workers reconnect and finish every share', async () => {
    const deployed = await deploy({ limits: { concurrentInstances: 1 } });
    workers = await startWorkers(deployed, 2);
    const api = roundRobin(deployed.tokens.radiologist);
    const ids: string[] = [];
    for (const spec of QUEUE) ids.push((await api().post('/api/v1/shares', { studyInstanceUID: spec.studyInstanceUID, peers: PEERS })).body.id);
    await api().waitForJob(ids[0] as string, { until: (job) => job.peers.some((peer: any) => peer.done >= 2), timeoutMs: 60_000 });

    const restarted = cluster.restart({ downMs: 1500 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const down = await new Api((workers[0] as ChildSidecar).url).get('/healthz');
    await restarted;
    expect([down.status, down.body.database]).toEqual([503, 'unreachable']);

    const jobs = await waitForAll(api, ids, 180_000);
    for (const job of jobs) expect(job).toMatchObject({ status: 'done', peers: [{ status: 'done', done: 8 }, { status: 'done', done: 8 }] });
    await expectCompleteCopies(QUEUE);
    expect((await new Api((workers[1] as ChildSidecar).url).get('/healthz')).body).toMatchObject({ status: 'ok', database: 'reachable' });
  }, 300_000);

  it('100 webhook calls for 20 stable studies in a burst make one job per study for both peers, none lost', async () => {
    const deployed = await deploy({ routing: [{ name: 'burst', match: { studyDescription: '^BURST$' }, peers: PEERS }] });
    workers = await startWorkers(deployed, 3);
    const hook = roundRobin(deployed.tokens.orthanc);
    const calls = BURST.flatMap((spec) => Array.from({ length: 5 }, () => sourceIds.get(spec.studyInstanceUID) as string));
    calls.sort(() => Math.random() - 0.5);
    const answers = await Promise.all(calls.map((orthancStudyId) => hook().post('/api/v1/hooks/orthanc/stable-study', { orthancStudyId })));
    expect(answers.map((answer) => answer.status)).toEqual(calls.map(() => 202));

    const admin = roundRobin(deployed.tokens.admin);
    const deadline = Date.now() + 180_000;
    let jobs: any[] = [];
    for (;;) {
      jobs = ((await admin().get('/api/v1/shares?limit=500')).body as any[] | undefined) ?? [];
      if (jobs.length >= BURST.length && jobs.every((job) => job.status === 'done')) break;
      if (Date.now() > deadline) throw new Error(`after 180 s: ${JSON.stringify(jobs.map((job) => [job.orthancStudyId, job.status]))}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(jobs).toHaveLength(BURST.length);
    expect(new Set(jobs.map((job) => job.orthancStudyId))).toEqual(new Set(BURST.map((spec) => sourceIds.get(spec.studyInstanceUID))));
    for (const job of jobs) expect(job).toMatchObject({ origin: 'auto', peers: [{ peer: 'central', status: 'done' }, { peer: 'node', status: 'done' }] });
    await expectCompleteCopies(BURST);
    const offers = await query(deployed, 'SELECT sum(offers)::int AS calls, count(*)::int AS studies FROM stable_study_offer');
    expect(offers).toEqual([{ calls: 100, studies: 20 }]);
  }, 300_000);

  it('a dead peer holds back only its own shares: the other peer gets every study from the workers meanwhile', async () => {
    const gone = await startOrthanc({ name: 'gone' });
    await gone.stop();
    deployment = await writeDeployment({
      source,
      peers: [
        { name: 'central', orthanc: (recorders.central as PushRecorder).orthanc, profile: 'eucanimage' },
        { name: 'gone', orthanc: gone, profile: 'eucanimage' },
      ],
      state: await postgresState(cluster),
      workers: LEASE,
    });
    workers = await startWorkers(deployment, 2);
    const api = roundRobin(deployment.tokens.radiologist);
    const studies = QUEUE.slice(0, 3);
    const ids: string[] = [];
    for (const spec of studies) ids.push((await api().post('/api/v1/shares', { studyInstanceUID: spec.studyInstanceUID, peers: ['gone', 'central'] })).body.id);
    const jobs = await waitForAll(api, ids, 120_000);
    for (const job of jobs) {
      expect(job).toMatchObject({ status: 'partial' });
      expect(job.peers.map((peer: any) => [peer.peer, peer.status, peer.done])).toEqual([
        ['gone', 'failed', 0],
        ['central', 'done', 8],
      ]);
    }
    expect(await orthancGet(peers.central as LocalOrthanc, '/statistics')).toMatchObject({ CountStudies: 3, CountInstances: 24 });
    expect(recorders.central?.concurrentUploads()).toEqual([]);
  }, 240_000);

  async function query(deployed: Deployment, sql: string, params: unknown[] = []): Promise<any[]> {
    const config = JSON.parse(readFileSync(deployed.configPath, 'utf8')) as { state: { url: string } };
    return cluster.query(config.state.url, sql, params);
  }
});
