import { instanceTooLargeReason, type DeidEngine, type PatientSubject } from '@deid-share/engine';
import { isTransient, OrthancRequestError, withRetries, type RetryPolicy } from '@deid-share/orthanc-client';
import type { InstanceRecord, ShareJob, ShareStatus, ShareTarget, StateStore } from '@deid-share/state';
import type { Logger } from 'pino';

import type { Limits } from '../config/types.js';
import type { Metrics } from '../metrics.js';
import type { OrthancPort, StudyInstance } from '../orthanc/port.js';
import type { Peer, PeerRegistry } from '../peers.js';
import { sharedCopySubjectKey } from '../subject-key.js';
import type { BufferLease, BufferPool } from './buffer-pool.js';
import type { Budget } from './limits.js';

/** Budget for an instance whose size Orthanc did not report. */
const UNKNOWN_INSTANCE_BYTES = 4 * 1024 * 1024;

export interface JobContext {
  readonly state: StateStore;
  readonly source: OrthancPort;
  readonly peers: PeerRegistry;
  readonly limits: Limits;
  /** Retries of Orthanc calls: the client's policy with the configured attempts and delays (retryPolicyOf). */
  readonly retry: RetryPolicy;
  /** Instances in flight, shared by all jobs. */
  readonly slots: Budget;
  /** Bytes in flight, shared by all jobs. */
  readonly bytes: Budget;
  /** Memory for fetched instances, reused across instances and jobs. */
  readonly buffers: BufferPool;
  readonly metrics: Metrics;
  readonly log: Logger;
  /** True once the sidecar is stopping: jobs stop taking instances and stay `running`, to resume on restart. */
  readonly stopping: () => boolean;
}


class InstanceTooLargeError extends Error {}

/** The budget error behind a failed fetch, however many layers (transport, port) wrapped it. */
function tooLargeCause(error: unknown): InstanceTooLargeError | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) if (cause instanceof InstanceTooLargeError) return cause;
  return undefined;
}
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One peer of a job, while the job runs. */
class TargetRun {
  /** Source instance IDs still to send in this run. */
  readonly todo = new Set<string>();
  /** Patients (issuer NUL patient ID) whose ledger entry was written in this run. */
  readonly recordedSubjects = new Set<string>();
  peerStudyUID: string | undefined;
  abortReason: string | undefined;
  resent = false;

  constructor(
    readonly peer: Peer,
    readonly target: ShareTarget,
    readonly engine: DeidEngine,
  ) {
    this.peerStudyUID = target.peerStudyUID;
  }

  abort(reason: string): void {
    this.abortReason ??= reason;
  }
}

/**
 * Works a job through: lists the study's instances, fetches each once, de-identifies it for each
 * peer and pushes it, recording every outcome as it happens; then checks each peer holds exactly the
 * instances pushed. Never throws for what a peer, the source or the data does; returns the job's status.
 * With `onlyPeer` (a worker holding one target of a shared queue) only that peer's target is worked on, and the
 * job is finished by whichever worker finishes its last open target.
 */
export async function runJob(ctx: JobContext, jobId: string, onlyPeer?: string): Promise<ShareStatus> {
  const job = await ctx.state.jobs.get(jobId);
  if (!job) throw new Error(`job ${jobId} is not in the state store`);
  const log = ctx.log.child({ jobId });
  const started = Date.now();
  await ctx.state.jobs.start(jobId);
  const resumed = job.status === 'running';
  log.info({ resumed, peers: job.targets.map((target) => target.peer) }, resumed ? 'job resumed' : 'job started');

  const runs: TargetRun[] = [];
  for (const target of job.targets) {
    if (target.status !== 'queued' && target.status !== 'running') continue;
    if (onlyPeer !== undefined && target.peer !== onlyPeer) continue;
    const run = await prepareTarget(ctx, job, target);
    if (run) runs.push(run);
  }

  // Seconds from the start to the end of each phase, logged with the outcome (where the time goes).
  const phases: Record<string, number> = {};
  const phaseDone = (name: string) => (phases[name] = (Date.now() - started) / 1000);
  const instances = await listSourceInstances(ctx, job, runs);
  if (instances) {
    await ctx.state.jobs.addInstances(jobId, instances.map((instance) => ({ sourceInstanceId: instance.id, sopInstanceUID: instance.sopInstanceUID })));
    for (const run of runs) await planTarget(ctx, job, run, log);
    phaseDone('listed');
    await processInstances(ctx, job, instances, runs, log);
    phaseDone('sent');
    if (ctx.stopping()) {
      log.info('job interrupted by shutdown; it resumes at the next start');
      return 'running';
    }
    for (const run of runs) await verifyTarget(ctx, job, run, instances, log);
    phaseDone('verified');
  }
  for (const run of runs) {
    if (run.abortReason !== undefined) await failTarget(ctx, job.id, run.peer.name, run.abortReason);
  }

  const finished = await ctx.state.jobs.get(jobId);
  const targets = finished?.targets ?? [];
  const status = overallStatus(targets);
  const seconds = (Date.now() - started) / 1000;
  // Other targets still open belong to other workers: the last of them finishes the job.
  if (status !== 'running') {
    const reason = status === 'done' ? undefined : targets.filter((t) => t.reason).map((t) => `${t.peer}: ${t.reason}`).join('; ') || undefined;
    await ctx.state.jobs.finish(jobId, status, reason);
    ctx.metrics.jobFinished(status, seconds);
  }
  for (const target of targets) {
    if (onlyPeer !== undefined && target.peer !== onlyPeer) continue;
    await ctx.state.audit.append({
      actor: 'sidecar',
      role: 'system',
      action: 'share.finished',
      peer: target.peer,
      jobId,
      profileId: target.profileId,
      profileSha256: target.profileSha256,
      details: { status: target.status, counts: target.counts, ...(target.peerStudyId ? { peerStudyId: target.peerStudyId } : {}), requestedBy: job.requestedBy },
    });
  }
  log.info({ status, seconds, phases, targets: targets.map((t) => ({ peer: t.peer, status: t.status, ...t.counts })) }, status === 'running' ? 'target finished; the job goes on at other workers' : 'job finished');
  return status;
}

export function overallStatus(targets: readonly Pick<ShareTarget, 'status'>[]): ShareStatus {
  if (targets.length === 0) return 'failed';
  if (targets.some((t) => t.status === 'queued' || t.status === 'running')) return 'running';
  if (targets.every((t) => t.status === 'done')) return 'done';
  if (targets.every((t) => t.status === 'failed')) return 'failed';
  return 'partial';
}

async function prepareTarget(ctx: JobContext, job: ShareJob, target: ShareTarget): Promise<TargetRun | undefined> {
  const peer = ctx.peers.get(target.peer);
  if (!peer) {
    await failTarget(ctx, job.id, target.peer, `peer ${target.peer} is no longer configured`);
    return undefined;
  }
  const sameOptions = JSON.stringify([...peer.profile.options].sort()) === JSON.stringify([...target.options].sort());
  if (peer.profile.loaded.sha256 !== target.profileSha256 || !sameOptions) {
    await failTarget(ctx, job.id, target.peer, "the peer's profile changed after the job was created; share the study again to use the new one");
    return undefined;
  }
  let engine: DeidEngine;
  try {
    engine = ctx.peers.engine(peer, job.id, ctx.state.pseudonyms);
  } catch (error) {
    await failTarget(ctx, job.id, target.peer, `the profile cannot be used: ${describe(error)}`);
    return undefined;
  }
  await ctx.state.jobs.startTarget(job.id, target.peer);
  return new TargetRun(peer, target, engine);
}

async function listSourceInstances(ctx: JobContext, job: ShareJob, runs: readonly TargetRun[]): Promise<StudyInstance[] | undefined> {
  let instances: StudyInstance[];
  try {
    instances = await withRetries(ctx.retry, () => ctx.source.studyInstances(job.sourceStudyId), isTransient, () => ctx.metrics.retry('source'));
  } catch (error) {
    const reason =
      error instanceof OrthancRequestError && error.status === 404
        ? 'the study is no longer in the source Orthanc'
        : `the study could not be listed in the source Orthanc: ${describe(error)}`;
    runs.forEach((run) => run.abort(reason));
    return undefined;
  }
  if (instances.length === 0) {
    runs.forEach((run) => run.abort('the study has no instances in the source Orthanc'));
    return undefined;
  }
  return instances;
}

/** Decides what this run sends to the peer: everything not yet pushed or final. */
async function planTarget(ctx: JobContext, job: ShareJob, run: TargetRun, log: Logger): Promise<void> {
  const records = await ctx.state.jobs.instances(job.id, run.peer.name);
  // The copy's study UID is stored (durably) before the first push: an earlier run may have sent instances
  // even when their outcomes were lost.
  if (!run.engine.pseudonymizer.stableAcrossRuns && run.peerStudyUID) {
    // A scheme that remembers pseudonyms only within one run (random-unlinked) would give the rest of the study a
    // new pseudonym, landing it in a second patient. Remove the partial copy and send the whole study again.
    try {
      const studies = await withRetries(ctx.retry, () => run.peer.orthanc.findStudies(run.peerStudyUID as string), isTransient);
      for (const id of studies) await withRetries(ctx.retry, () => run.peer.orthanc.deleteStudy(id), isTransient);
      log.info({ peer: run.peer.name, deleted: studies.length, scheme: run.target.scheme }, 'target restarted: partial copy removed');
    } catch (error) {
      run.abort(`the partial copy left by an interrupted run could not be removed: ${describe(error)}`);
      return;
    }
    for (const record of records) run.todo.add(record.sourceInstanceId);
    return;
  }
  for (const record of records) {
    if (record.status === 'pending' || record.status === 'failed') run.todo.add(record.sourceInstanceId);
  }
}

async function processInstances(ctx: JobContext, job: ShareJob, instances: readonly StudyInstance[], runs: readonly TargetRun[], log: Logger): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for (const instance of instances) {
    if (ctx.stopping()) break;
    const wanted = runs.filter((run) => run.abortReason === undefined && run.todo.has(instance.id));
    if (wanted.length === 0) continue;
    // Beyond the per-instance memory budget nothing is fetched: the instance is withheld and the share goes on.
    const tooLarge = instanceTooLargeReason(instance.fileSize ?? 0, ctx.limits.maxInstanceBytes);
    if (tooLarge) {
      for (const run of wanted) await record(ctx, job, run, instance, { status: 'withheld', reason: tooLarge });
      continue;
    }
    const releaseSlot = await ctx.slots.acquire(1);
    // The original and one copy at a time (peers are served one after the other per instance).
    const releaseBytes = await ctx.bytes.acquire(2 * (instance.fileSize ?? UNKNOWN_INSTANCE_BYTES));
    const task = handleInstance(ctx, job, instance, wanted, log)
      .catch((error: unknown) => {
        log.error({ error: describe(error), sourceInstanceId: instance.id }, 'instance handling failed unexpectedly');
      })
      .finally(() => {
        releaseBytes();
        releaseSlot();
        inFlight.delete(task);
      });
    inFlight.add(task);
  }
  await Promise.all(inFlight);
}

async function handleInstance(ctx: JobContext, job: ShareJob, instance: StudyInstance, runs: readonly TargetRun[], log: Logger): Promise<void> {
  let lease: BufferLease | undefined;
  const allocate = (byteLength: number) => {
    // Orthanc did not say the size up front: the announced length is held to the same budget.
    const tooLarge = instanceTooLargeReason(byteLength, ctx.limits.maxInstanceBytes);
    if (tooLarge) throw new InstanceTooLargeError(tooLarge);
    lease?.release(); // a failed earlier attempt's
    lease = ctx.buffers.lease(byteLength);
    return lease.bytes;
  };
  try {
    let bytes: Uint8Array;
    try {
      bytes = await withRetries(ctx.retry, () => ctx.source.instanceFile(instance.id, allocate), isTransient, () => ctx.metrics.retry('source'));
    } catch (error) {
      const tooLarge = tooLargeCause(error);
      if (tooLarge) {
        for (const run of runs) await record(ctx, job, run, instance, { status: 'withheld', reason: tooLarge.message });
      } else if (error instanceof OrthancRequestError && error.status === 404) {
        for (const run of runs) await record(ctx, job, run, instance, { status: 'failed', reason: 'the instance is no longer in the source Orthanc' });
      } else {
        runs.forEach((run) => run.abort(`the source Orthanc could not be read: ${describe(error)}`));
      }
      return;
    }
    ctx.metrics.fetched(bytes.byteLength);
    await sendToPeers(ctx, job, instance, bytes, runs, log);
  } finally {
    // The engine's outputs refer to these bytes: lent again only once every push is over.
    lease?.release();
  }
}

/** De-identifies one fetched instance for each peer and pushes it there, recording each outcome. */
async function sendToPeers(ctx: JobContext, job: ShareJob, instance: StudyInstance, bytes: Uint8Array, runs: readonly TargetRun[], log: Logger): Promise<void> {
  for (const run of runs) {
    if (run.abortReason !== undefined || ctx.stopping()) continue;
    const started = process.hrtime.bigint();
    const result = await run.engine.deidentify(bytes);
    if (result.status !== 'ok') {
      await record(ctx, job, run, instance, { status: result.status, reason: result.reason }, started);
      continue;
    }
    run.todo.delete(instance.id);
    if (!run.peerStudyUID) {
      run.peerStudyUID = result.result.studyInstanceUID;
      await ctx.state.jobs.setTargetStudy(job.id, run.peer.name, { peerStudyUID: run.peerStudyUID });
    }
    // Written before the push: a copy the ledger does not know about could never be erased.
    await recordSharedCopy(ctx, job, run, result.subject, result.result.studyInstanceUID);
    const size = result.output.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    try {
      // Once the peer is given up on, other instances in flight stop retrying it.
      // A worker whose lease is running out stops retrying: the next holder of the target sends the instance.
      const retryable = (error: unknown) => isTransient(error) && run.abortReason === undefined && !ctx.stopping();
      const onRetry = (error: unknown, attempt: number, delay: number) => {
        ctx.metrics.retry(`peer:${run.peer.name}`);
        log.warn({ peer: run.peer.name, attempt, delayMs: delay, error: describe(error) }, 'push failed; retrying');
      };
      const stored = await withRetries(ctx.retry, () => run.peer.orthanc.upload(result.output), retryable, onRetry);
      if (stored.status === 'AlreadyStored') {
        // The peer kept an earlier copy (OverwriteInstances is off there), perhaps made under another profile:
        // replace it, so the peer holds what this job produced.
        await withRetries(ctx.retry, () => run.peer.orthanc.deleteInstance(stored.id), retryable, onRetry);
        await withRetries(ctx.retry, () => run.peer.orthanc.upload(result.output), retryable, onRetry);
      }
    } catch (error) {
      if (isTransient(error)) {
        if (run.abortReason !== undefined) continue;
        run.abort(`peer ${run.peer.name} could not be reached after ${ctx.retry.attempts} attempts: ${describe(error)}`);
        log.warn({ peer: run.peer.name, error: describe(error) }, 'peer given up on');
      } else {
        await record(ctx, job, run, instance, { status: 'failed', reason: `the peer refused the instance: ${describe(error)}` }, started);
      }
      continue;
    }
    await record(ctx, job, run, instance, { status: 'pushed', resultSopInstanceUID: result.result.sopInstanceUID, bytes: size }, started);
    ctx.metrics.pushed(run.peer.name, size);
  }
}

async function record(
  ctx: JobContext,
  job: ShareJob,
  run: TargetRun,
  instance: StudyInstance,
  outcome: { status: 'pushed' | 'withheld' | 'refused' | 'failed'; reason?: string; resultSopInstanceUID?: string; bytes?: number },
  started?: bigint,
): Promise<void> {
  await ctx.state.jobs.recordOutcome(job.id, run.peer.name, instance.id, outcome);
  run.todo.delete(instance.id);
  const seconds = started === undefined ? undefined : Number(process.hrtime.bigint() - started) / 1e9;
  ctx.metrics.instance(run.peer.name, outcome.status, seconds);
}

async function recordSharedCopy(ctx: JobContext, job: ShareJob, run: TargetRun, subject: PatientSubject, peerStudyUID: string): Promise<void> {
  // A scheme without erasure (random-unlinked) promises that nothing links a patient to the copy: record nothing.
  const subjectText = `${subject.issuer}\u0000${subject.patientId}`;
  if (!run.engine.pseudonymizer.supportsErasure || run.recordedSubjects.has(subjectText)) return;
  run.recordedSubjects.add(subjectText);
  await ctx.state.shares.record({
    subjectKey: sharedCopySubjectKey(run.peer.secret, subject),
    peer: run.peer.name,
    peerStudyUID,
    jobId: job.id,
    profileId: run.target.profileId,
    scheme: run.target.scheme,
  });
}

/** The job ends `done` for a peer only when the peer holds exactly the instances pushed to it. */
async function verifyTarget(ctx: JobContext, job: ShareJob, run: TargetRun, instances: readonly StudyInstance[], log: Logger): Promise<void> {
  if (run.abortReason !== undefined) return;
  const peerName = run.peer.name;
  const records = await ctx.state.jobs.instances(job.id, peerName);
  // Never `done` with instances nobody sent: a run that skipped some must not be the one to finish the target.
  const unsent = records.filter((r) => r.status === 'pending').length;
  if (unsent > 0) {
    run.abort(`${unsent} instance(s) were left unsent by an interrupted run`);
    return;
  }
  const expected = records.filter((r) => r.status === 'pushed' || r.status === 'confirmed');
  const excluded = records.filter((r) => r.status === 'withheld' || r.status === 'refused' || r.status === 'failed');
  if (expected.length === 0 || !run.peerStudyUID) {
    await ctx.state.jobs.finishTarget(job.id, peerName, 'failed', `no instance of the study could be shared (${summary(excluded)})`);
    return;
  }
  let present: Set<string>;
  let studyIds: string[];
  try {
    studyIds = await withRetries(ctx.retry, () => run.peer.orthanc.findStudies(run.peerStudyUID as string), isTransient);
    present = new Set<string>();
    for (const id of studyIds) {
      const held = await withRetries(ctx.retry, () => run.peer.orthanc.studyInstances(id), isTransient);
      held.forEach((instance) => present.add(instance.sopInstanceUID));
    }
  } catch (error) {
    run.abort(`the copy on peer ${peerName} could not be checked: ${describe(error)}`);
    return;
  }
  const missing = expected.filter((r) => !present.has(r.resultSopInstanceUID ?? ''));
  if (missing.length > 0 && !run.resent) {
    // Pushed but not there (deleted on the peer meanwhile, or lost): send those once more.
    run.resent = true;
    log.warn({ peer: peerName, missing: missing.length }, 'peer lacks pushed instances; sending them again');
    missing.forEach((r) => run.todo.add(r.sourceInstanceId));
    const again = instances.filter((instance) => run.todo.has(instance.id));
    await processInstances(ctx, job, again, [run], log);
    if (ctx.stopping()) return;
    return verifyTarget(ctx, job, run, instances, log);
  }
  if (missing.length > 0) {
    run.abort(`peer ${peerName} does not hold ${missing.length} of the ${expected.length} instances pushed to it, even after sending them again`);
    return;
  }
  const expectedUids = new Set(expected.map((r) => r.resultSopInstanceUID));
  const extra = [...present].filter((uid) => !expectedUids.has(uid)).length;
  await ctx.state.jobs.confirm(job.id, peerName, expected.map((r) => r.sourceInstanceId));
  if (studyIds[0]) await ctx.state.jobs.setTargetStudy(job.id, peerName, { peerStudyId: studyIds[0] });
  const problems: string[] = [];
  if (excluded.length > 0) problems.push(`${summary(excluded)}: see the reasons per instance`);
  if (extra > 0) problems.push(`the peer's copy also holds ${extra} instance(s) that are not part of this share (from an earlier share or another sender)`);
  if (studyIds.length > 1) problems.push(`the peer holds the copy as ${studyIds.length} studies (different patient IDs)`);
  await ctx.state.jobs.finishTarget(job.id, peerName, problems.length === 0 ? 'done' : 'partial', problems.length ? problems.join('; ') : undefined);
}

function summary(records: readonly InstanceRecord[]): string {
  const count = (status: string) => records.filter((r) => r.status === status).length;
  const parts = (['withheld', 'refused', 'failed'] as const).filter((s) => count(s) > 0).map((s) => `${count(s)} ${s}`);
  return parts.length ? parts.join(', ') : 'nothing to send';
}

async function failTarget(ctx: JobContext, jobId: string, peer: string, reason: string): Promise<void> {
  await ctx.state.jobs.failOpen(jobId, peer, `not delivered: ${reason}`);
  await ctx.state.jobs.finishTarget(jobId, peer, 'failed', reason);
}
