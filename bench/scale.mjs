// `npm run bench:scale`: many sidecar workers on one PostgreSQL state, in one run on real servers (loopback): a fixed
// set of studies (BENCH_SCALE_STUDIES × BENCH_SCALE_SLICES CT instances, 256×256, made by generate-series.mjs) is
// shared to two peers with 1, 2 and 3 workers (`deid-share serve` processes), each round on a fresh database and
// empty peers; then a round with 3 workers where one is killed (SIGKILL) a third of the way through.
//
// Prints one line per round, `workers N: <instance copies delivered per second>` (an instance to one peer is one
// copy), with the CPU seconds each process used in that round (source, peers, each worker, PostgreSQL with its
// backends, this script), then `lost: <n>` (copies missing on a peer) and `duplicate copies: <n>` (instances a peer
// holds beyond one copy of each), summed over every round. Exits non-zero if either is not 0.
//
// Environment: BENCH_SCALE_STUDIES (default 8), BENCH_SCALE_SLICES (default 24), BENCH_KEEP=1 keeps the folder.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreeLoopbackPort, startOrthanc } from '@deid-share/orthanc-local';
import { startPostgres } from '@deid-share/postgres-local';

import { startSidecarProcess } from '../tools/demo/sidecar-process.mjs';
import { generateSeries } from './generate-series.mjs';

const STUDIES = Number(process.env.BENCH_SCALE_STUDIES ?? 8);
const SLICES = Number(process.env.BENCH_SCALE_SLICES ?? 24);
const PEERS = ['peer-a', 'peer-b'];
const ROUNDS = [{ workers: 1 }, { workers: 2 }, { workers: 3 }, { workers: 3, kill: true }];
const LEASE = { leaseSeconds: 3, pollSeconds: 0.2 };
/** Progress polls cost the workers and the database too: few of them, so the CPU figures are the sharing. */
const POLL_MS = 500;

const log = (line) => process.stderr.write(`${line}\n`);
const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU time (user + system, and of waited-for children) a process has used so far, in seconds. */
function cpuSecondsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

/** The postmaster and its live backends. */
function postgresCpu(postmaster) {
  let total = cpuSecondsOf(postmaster);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (ppid === postmaster) total += cpuSecondsOf(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function orthancJson(orthanc, path, init = {}) {
  const response = await fetch(`${orthanc.url}${path}`, init);
  if (!response.ok) throw new Error(`${orthanc.url}${path}: HTTP ${response.status}`);
  return response.json();
}

async function emptyPeer(peer) {
  for (const id of await orthancJson(peer, '/patients')) await fetch(`${peer.url}/patients/${id}`, { method: 'DELETE' });
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'deid-bench-scale-'));
  log(`bench:scale: ${STUDIES} studies × ${SLICES} instances to ${PEERS.length} peers, rounds of 1, 2, 3 workers and 3 with one killed; ${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}`);
  const cluster = await startPostgres();
  const [source, ...peers] = await Promise.all([startOrthanc({ name: 'source' }), ...PEERS.map((name) => startOrthanc({ name }))]);
  const pids = { source: source.pid, 'peer-a': peers[0].pid, 'peer-b': peers[1].pid };
  let lost = 0;
  let duplicates = 0;
  try {
    for (let study = 0; study < STUDIES; study++) {
      const folder = join(dir, `study-${study}`);
      await generateSeries(folder, { slices: SLICES, rows: 256, columns: 256, seed: 1000 + study });
      for (const name of await readdir(folder)) {
        await orthancJson(source, '/instances', { method: 'POST', body: await readFile(join(folder, name)) });
      }
    }
    const studyIds = await orthancJson(source, '/studies');
    if (studyIds.length !== STUDIES) throw new Error(`the source holds ${studyIds.length} studies, expected ${STUDIES}`);
    writeFileSync(join(dir, 'project.key'), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    const token = randomBytes(24).toString('base64url');
    const copies = STUDIES * SLICES * PEERS.length;

    for (const [index, round] of ROUNDS.entries()) {
      await Promise.all(peers.map(emptyPeer));
      const database = await cluster.createDatabase(`scale_${index}`);
      const workers = [];
      for (let w = 0; w < round.workers; w++) {
        const port = await findFreeLoopbackPort();
        const configPath = join(dir, `worker-${index}-${w}.json`);
        writeFileSync(
          configPath,
          JSON.stringify({
            listen: { host: '127.0.0.1', port },
            state: { url: database, passwordFile: cluster.passwordFile },
            workers: LEASE,
            projectSecretFile: join(dir, 'project.key'),
            siteId: 'BENCH01',
            source: { url: source.url },
            peers: peers.map((peer, p) => ({ name: PEERS[p], url: peer.url, profile: 'ps3.15-basic' })),
            auth: { tokens: [{ name: 'bench', sha256: sha256(token), roles: ['radiologist', 'admin'] }] },
            logLevel: 'warn',
          }),
        );
        workers.push(await startSidecarProcess({ configPath, url: `http://127.0.0.1:${port}`, logPath: join(dir, `worker-${index}-${w}.log`) }));
      }
      const api = (n, path, body) =>
        fetch(`${workers[n % workers.length].url}${path}`, {
          method: body ? 'POST' : 'GET',
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        }).then((response) => response.json());
      const cpuBefore = {
        ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSecondsOf(pid)])),
        ...Object.fromEntries(workers.map((worker, w) => [`worker ${w + 1}`, cpuSecondsOf(worker.pid)])),
        postgres: postgresCpu(cluster.pid()),
        bench: process.cpuUsage(),
      };
      const started = performance.now();
      const jobIds = [];
      for (const [n, orthancStudyId] of studyIds.entries()) {
        const created = await api(n, '/api/v1/shares', { orthancStudyId, peers: PEERS });
        if (!created.id) throw new Error(`the share of study ${orthancStudyId} was refused: ${JSON.stringify(created)}`);
        jobIds.push(created.id);
      }
      let killed = false;
      for (let poll = 0; ; poll++) {
        const jobs = await Promise.all(jobIds.map((id, n) => api(n + poll, `/api/v1/shares/${id}`)));
        const unanswered = jobs.filter((job) => !job.status);
        if (unanswered.length > 0) {
          // A worker that could not answer (killed a moment ago): ask again at the next poll.
          log(`  poll ${poll}: ${unanswered.length} answers without a job: ${JSON.stringify(unanswered[0]).slice(0, 300)}`);
          await sleep(POLL_MS);
          continue;
        }
        const delivered = jobs.reduce((sum, job) => sum + (job.peers ?? []).reduce((s, peer) => s + peer.done, 0), 0);
        if (round.kill && !killed && delivered >= copies / 3) {
          // The worker holding the oldest lease: it is in the middle of a share.
          const rows = await cluster.query(database, "SELECT lease_owner FROM share_target WHERE status = 'running' AND lease_owner IS NOT NULL LIMIT 1");
          const victim = workers.find((worker) => String(rows[0]?.lease_owner).includes(`:${worker.pid}:`)) ?? workers[0];
          process.kill(victim.pid, 'SIGKILL');
          workers.splice(workers.indexOf(victim), 1);
          killed = true;
          log(`  killed worker pid ${victim.pid} with ${delivered} of ${copies} copies delivered`);
        }
        if (jobs.every((job) => job.status !== 'queued' && job.status !== 'running')) {
          const bad = jobs.filter((job) => job.status !== 'done');
          if (bad.length) log(`  ${bad.length} jobs ended ${[...new Set(bad.map((job) => job.status))].join(', ')}: ${bad[0].reason}`);
          break;
        }
        await sleep(POLL_MS);
      }
      const time = (performance.now() - started) / 1000;
      const benchCpu = process.cpuUsage(cpuBefore.bench);
      const cpu = {
        ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSecondsOf(pid) - cpuBefore[name]])),
        ...Object.fromEntries(Object.keys(cpuBefore).filter((name) => name.startsWith('worker')).map((name) => {
          const worker = workers.find((_, w) => `worker ${w + 1}` === name);
          return [name, worker ? cpuSecondsOf(worker.pid) - cpuBefore[name] : Number.NaN];
        })),
        postgres: postgresCpu(cluster.pid()) - cpuBefore.postgres,
        bench: (benchCpu.user + benchCpu.system) / 1e6,
      };
      let roundLost = 0;
      let roundDuplicates = 0;
      for (const peer of peers) {
        const stats = await orthancJson(peer, '/statistics');
        roundLost += Math.max(0, STUDIES * SLICES - stats.CountInstances);
        roundDuplicates += Math.max(0, stats.CountInstances - STUDIES * SLICES) + Math.max(0, stats.CountStudies - STUDIES);
      }
      lost += roundLost;
      duplicates += roundDuplicates;
      const label = `workers ${round.workers}${round.kill ? ' (one killed)' : ''}`;
      const cpuText = Object.entries(cpu).map(([name, value]) => `${name} ${Number.isNaN(value) ? 'killed' : `${value.toFixed(1)} s`}`).join(', ');
      console.log(`${label}: ${(copies / time).toFixed(1)} instances/s`);
      log(`  ${copies} copies in ${time.toFixed(1)} s; lost ${roundLost}, duplicates ${roundDuplicates}; CPU ${cpuText}`);
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  } finally {
    await Promise.all([source.stop(), ...peers.map((peer) => peer.stop()), cluster.stop()]);
    if (process.env.BENCH_KEEP === '1') log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
  console.log(`lost: ${lost}`);
  console.log(`duplicate copies: ${duplicates}`);
  if (lost !== 0 || duplicates !== 0) process.exitCode = 1;
}

await main();
