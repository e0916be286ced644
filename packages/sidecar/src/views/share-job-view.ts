import type { PeerShare, ShareJob as ShareJobAnswer } from '@deid-share/api-contract';
import { UNSHARED_INSTANCE_STATUSES, type ShareJob, type UnsharedInstanceStatus } from '@deid-share/state';

import type { SidecarServices } from '../services.js';

/**
 * The job as the API answers it (the contract's ShareJob). `done` counts instances the peer acknowledged
 * (and, once the job ended, was checked to hold); a failed peer has none done.
 */
export async function shareJobView(services: SidecarServices, job: ShareJob, withReasons = true): Promise<ShareJobAnswer> {
  const peers: PeerShare[] = [];
  for (const target of job.targets) {
    const reasons = withReasons
      ? (await services.state.jobs.instances(job.id, target.peer, UNSHARED_INSTANCE_STATUSES)).map((record) => ({
          sopInstanceUID: record.sopInstanceUID,
          // instances() returned only these statuses.
          status: record.status as UnsharedInstanceStatus,
          reason: record.reason ?? '',
        }))
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
      profile: { id: target.profileId, version: target.profileVersion, sha256: target.profileSha256, options: [...target.options] },
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
