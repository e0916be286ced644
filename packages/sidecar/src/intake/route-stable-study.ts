import { roleFor, type Principal } from '../auth/principal.js';
import { route } from '../peer-routing.js';
import type { SidecarServices } from '../services.js';
import { createShareJob } from '../shares/create-share-job.js';

export type RoutingOutcome = 'matched' | 'unmatched' | 'unknown';

/** Reads what the routing rules need from the source Orthanc and creates a share job for the peers they name. */
export async function routeStableStudy(services: SidecarServices, orthancStudyId: string, principal: Principal, jobId?: string): Promise<RoutingOutcome> {
  const facts = await services.source.routingFacts(orthancStudyId);
  if (!facts) {
    services.metrics.webhook('unknown');
    services.log.warn({ sourceStudyId: orthancStudyId }, 'stable study not found in the source Orthanc');
    return 'unknown';
  }
  const decision = route(services.config.routing, facts);
  services.metrics.webhook(decision.peers.length === 0 ? 'unmatched' : 'matched');
  if (decision.peers.length === 0) {
    services.log.info({ sourceStudyId: orthancStudyId }, 'stable study matched no routing rule');
    return 'unmatched';
  }
  await createShareJob(services, principal, roleFor(principal, ['orthanc']), { orthancStudyId, peers: decision.peers, ...(jobId ? { jobId } : {}) }, 'auto', { rules: decision.rules });
  return 'matched';
}
