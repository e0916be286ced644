import { randomUUID } from 'node:crypto';

import type { JobOrigin } from '@deid-share/state';

import type { Principal } from '../auth/principal.js';
import { badRequest } from '../errors.js';
import type { SidecarServices } from '../services.js';
import { findSourceStudy } from './find-source-study.js';

/**
 * Creates a share job (validated, audited) and queues it; returns its id. The queue place is reserved before
 * anything is awaited, so concurrent requests cannot overrun limits.maxQueuedJobs.
 */
export async function createShareJob(
  services: SidecarServices,
  principal: Principal,
  role: string,
  request: { studyInstanceUID?: string; orthancStudyId?: string; peers: readonly string[]; jobId?: string },
  origin: JobOrigin,
  details: Record<string, unknown> = {},
): Promise<string> {
  const names = [...new Set(request.peers)];
  if (names.length === 0) throw badRequest('name at least one peer');
  const peers = names.map((name) => {
    const peer = services.peers.get(name);
    if (!peer) throw badRequest(`no peer is named "${name}"`);
    return peer;
  });
  const place = services.queue.reserve();
  try {
    const study = await findSourceStudy(services, request);
    const id = request.jobId ?? randomUUID();
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
    place.fill(id);
    services.log.info({ jobId: id, sourceStudyId: study.id, peers: names, origin }, 'share job created');
    return id;
  } finally {
    place.release();
  }
}
