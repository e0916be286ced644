import type { PeerProfileSetting } from '@deid-share/api-contract';

import type { Peer } from '../peers.js';
import type { SidecarServices } from '../services.js';

/** A peer's current profile and where the choice comes from: the config file, or an admin's change stored in the state. */
export async function peerProfileSetting(services: SidecarServices, peer: Peer): Promise<PeerProfileSetting> {
  const changed = await services.state.peerSettings.get(peer.name);
  const applied = changed !== undefined && changed.profile === peer.profile.reference;
  return {
    peer: peer.name,
    profile: peer.profile.reference,
    options: [...peer.profile.options],
    profileId: peer.profile.loaded.profile.id,
    profileVersion: peer.profile.loaded.profile.version,
    profileSha256: peer.profile.loaded.sha256,
    scheme: peer.profile.loaded.profile.pseudonym.scheme,
    source: applied ? 'admin' : 'config',
    ...(applied ? { updatedAt: changed.updatedAt, updatedBy: changed.updatedBy } : {}),
  };
}
