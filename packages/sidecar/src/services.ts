import { randomUUID } from 'node:crypto';

import { OrthancRequestError } from '@deid-share/orthanc-client';
import type { ShareJob, StateStore } from '@deid-share/state';
import type { Logger } from 'pino';

import type { Principal } from './auth/principal.js';
import type { SidecarConfig } from './config/types.js';
import { ApiError, badGateway, badRequest, conflict, notFound } from './errors.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { Metrics } from './metrics.js';
import type { OrthancPort } from './orthanc/port.js';
import type { PeerRegistry } from './peers.js';

/** What the route plugins share: built once at startup and passed in explicitly. */
export interface SidecarServices {
  readonly config: SidecarConfig;
  readonly state: StateStore;
  readonly source: OrthancPort;
  readonly peers: PeerRegistry;
  readonly queue: JobQueue;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly inFlightBytes: () => number;
}

/** Turns a failure to reach an Orthanc into an answer for the caller. */
export function orthancFailure(what: string, error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof OrthancRequestError) return badGateway(`${what}_unavailable`, `the ${what} Orthanc could not be asked: ${error.message}`);
  throw error;
}

/** The source study named by a StudyInstanceUID or an Orthanc ID. */
export async function findSourceStudy(services: SidecarServices, by: { studyInstanceUID?: string; orthancStudyId?: string }): Promise<{ id: string; studyInstanceUID: string }> {
  try {
    if (by.orthancStudyId !== undefined) {
      const uid = await services.source.studyInstanceUID(by.orthancStudyId);
      if (uid === undefined) throw notFound(`the source Orthanc has no study ${by.orthancStudyId}`);
      return { id: by.orthancStudyId, studyInstanceUID: uid };
    }
    const uid = by.studyInstanceUID as string;
    const ids = await services.source.findStudies(uid);
    if (ids.length === 0) throw notFound('the source Orthanc has no study with this StudyInstanceUID');
    if (ids.length > 1) throw conflict('ambiguous_study', `the source Orthanc holds ${ids.length} studies with this StudyInstanceUID (different patients); share by orthancStudyId`);
    return { id: ids[0] as string, studyInstanceUID: uid };
  } catch (error) {
    throw orthancFailure('source', error);
  }
}

/** Creates a share job (validated, audited) and queues it; returns its id. */
export async function createShareJob(
  services: SidecarServices,
  principal: Principal,
  role: string,
  request: { studyInstanceUID?: string; orthancStudyId?: string; peers: readonly string[] },
  origin: 'request' | 'auto',
  details: Record<string, unknown> = {},
): Promise<string> {
  const names = [...new Set(request.peers)];
  if (names.length === 0) throw badRequest('name at least one peer');
  const peers = names.map((name) => {
    const peer = services.peers.get(name);
    if (!peer) throw badRequest(`no peer is named "${name}"`);
    return peer;
  });
  services.queue.assertCapacity();
  const study = await findSourceStudy(services, request);
  const id = randomUUID();
  await services.state.jobs.create({
    id,
    sourceStudyId: study.id,
    studyInstanceUID: study.studyInstanceUID,
    requestedBy: principal.id,
    origin,
    targets: peers.map((peer) => ({
      peer: peer.name,
      profileId: peer.profile.loaded.profile.id,
      profileVersion: peer.profile.loaded.profile.version,
      profileSha256: peer.profile.loaded.sha256,
      options: peer.profile.options,
      scheme: peer.profile.loaded.profile.pseudonym.scheme,
    })),
  });
  for (const peer of peers) {
    await services.state.audit.append({
      actor: principal.id,
      role,
      action: origin === 'auto' ? 'share.auto' : 'share.requested',
      peer: peer.name,
      jobId: id,
      profileId: peer.profile.loaded.profile.id,
      profileSha256: peer.profile.loaded.sha256,
      details: { sourceStudyId: study.id, options: peer.profile.options, ...details },
    });
  }
  services.queue.enqueue(id);
  services.log.info({ jobId: id, sourceStudyId: study.id, peers: names, origin }, 'share job created');
  return id;
}

export interface PeerShareView {
  peer: string;
  status: string;
  total: number;
  done: number;
  withheld: number;
  refused: number;
  failed: number;
  peerStudyId?: string;
  peerStudyUrl?: string;
  reason?: string;
  profile: { id: string; version: string; sha256: string; options: readonly string[] };
  reasons: Array<{ sopInstanceUID: string; status: string; reason: string }>;
}

export interface ShareJobView {
  id: string;
  status: string;
  studyInstanceUID: string;
  orthancStudyId: string;
  requestedBy: string;
  origin: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  reason?: string;
  peers: PeerShareView[];
}

/**
 * The job as the OHIF panel reads it. `done` counts instances the peer acknowledged (and, once the job
 * ended, was checked to hold); a failed peer has none done.
 */
export async function shareJobView(services: SidecarServices, job: ShareJob, withReasons = true): Promise<ShareJobView> {
  const peers: PeerShareView[] = [];
  for (const target of job.targets) {
    const reasons = withReasons
      ? (await services.state.jobs.instances(job.id, target.peer, ['withheld', 'refused', 'failed'])).map((record) => ({ sopInstanceUID: record.sopInstanceUID, status: record.status, reason: record.reason ?? '' }))
      : [];
    const template = services.peers.get(target.peer)?.config.studyUrlTemplate;
    peers.push({
      peer: target.peer,
      status: target.status,
      total: target.counts.total,
      done: target.counts.pushed + target.counts.confirmed,
      withheld: target.counts.withheld,
      refused: target.counts.refused,
      failed: target.counts.failed,
      ...(target.peerStudyId ? { peerStudyId: target.peerStudyId } : {}),
      ...(target.peerStudyId && template
        ? { peerStudyUrl: template.replaceAll('{peerStudyId}', target.peerStudyId).replaceAll('{peerStudyUID}', target.peerStudyUID ?? '') }
        : {}),
      ...(target.reason ? { reason: target.reason } : {}),
      profile: { id: target.profileId, version: target.profileVersion, sha256: target.profileSha256, options: target.options },
      reasons,
    });
  }
  return {
    id: job.id,
    status: job.status,
    studyInstanceUID: job.studyInstanceUID,
    orthancStudyId: job.sourceStudyId,
    requestedBy: job.requestedBy,
    origin: job.origin,
    createdAt: job.createdAt,
    ...(job.startedAt ? { startedAt: job.startedAt } : {}),
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    ...(job.reason ? { reason: job.reason } : {}),
    peers,
  };
}
