import type { InstanceImpact, OutgoingValue, ProfileImpact, ProfileSummary } from '@deid-share/api-contract';
import { compareProfiles, effectiveOptions, type ChangeRow, type InstanceResult, type Profile } from '@deid-share/engine';

import type { Principal } from './auth/principal.js';
import { badRequest, unprocessable } from './errors.js';
import { readOnlyPseudonymStore, type Peer, type PeerProfile } from './peers.js';
import { readSourceInstance } from './preview.js';
import type { SidecarServices } from './services.js';

function summary(profile: PeerProfile): ProfileSummary {
  return {
    profile: profile.reference,
    profileId: profile.loaded.profile.id,
    profileVersion: profile.loaded.profile.version,
    profileSha256: profile.loaded.sha256,
    options: [...profile.options],
    scheme: profile.loaded.profile.pseudonym.scheme,
  };
}

/** The profile as the engine applies it to this peer: its own options and the peer's added ones. */
const asApplied = (profile: PeerProfile): Profile => ({ ...profile.loaded.profile, options: effectiveOptions(profile.loaded.profile, profile.options) });

function compareAttributes(current: PeerProfile, proposed: PeerProfile): ProfileImpact['attributes'] {
  const comparison = compareProfiles([asApplied(current), asApplied(proposed)]);
  const changed = comparison.treatedDifferently.map((attribute) => ({
    tag: attribute.tag,
    name: attribute.name,
    from: attribute.actions[0] as string,
    to: attribute.actions[1] as string,
  }));
  const groups = new Map<string, { from: string; to: string; count: number }>();
  for (const { from, to } of changed) {
    const group = groups.get(`${from}→${to}`) ?? { from, to, count: 0 };
    group.count += 1;
    groups.set(`${from}→${to}`, group);
  }
  return {
    changed,
    groups: [...groups.values()].sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    modified: { current: comparison.counts[0]?.modified ?? 0, proposed: comparison.counts[1]?.modified ?? 0 },
  };
}

/** An element left alone is not in the change log: what leaves is then the original value. */
function outgoing(row: ChangeRow | undefined, other: ChangeRow): OutgoingValue {
  return row ? { action: row.action, value: row.result } : { action: 'kept', value: other.original };
}

async function compareInstance(services: SidecarServices, peer: Peer, proposed: PeerProfile, studyInstanceUID: string): Promise<InstanceImpact> {
  const { instance, bytes } = await readSourceInstance(services, studyInstanceUID);
  const store = readOnlyPseudonymStore(services.state.pseudonyms);
  const run = async (profile: PeerProfile) => {
    try {
      return await services.peers.engine({ ...peer, profile }, 'preview', store).deidentify(bytes, { recordChanges: true });
    } catch (error) {
      throw unprocessable('preview_failed', `the instance could not be previewed under ${profile.loaded.profile.id}: ${(error as Error).message}`);
    }
  };
  const before = await run(peer.profile);
  const after = await run(proposed);
  const byPath = (result: InstanceResult) => new Map((result.status === 'ok' ? (result.changes ?? []) : []).map((row) => [row.path, row]));
  const beforeRows = byPath(before);
  const afterRows = byPath(after);
  const rows: InstanceImpact['rows'] = [];
  for (const path of new Set([...beforeRows.keys(), ...afterRows.keys()])) {
    const b = beforeRows.get(path);
    const a = afterRows.get(path);
    const any = (a ?? b) as ChangeRow;
    const current = outgoing(b, any);
    const next = outgoing(a, any);
    if (current.action === next.action && current.value === next.value) continue;
    rows.push({ tag: any.tag, keyword: any.keyword, path, current, proposed: next });
  }
  const status = (result: InstanceResult) => ({ status: result.status, ...(result.status !== 'ok' ? { reason: result.reason } : {}) });
  return { studyInstanceUID, sopInstanceUID: instance.sopInstanceUID, current: status(before), proposed: status(after), rows };
}

/** The study to preview when none is named: the last one shared to this peer. */
async function lastStudySharedTo(services: SidecarServices, peer: string): Promise<string | undefined> {
  const [job] = await services.state.jobs.list({ peer, limit: 1 });
  return job?.studyInstanceUID;
}

/**
 * What changing a peer's profile would change, before it is saved: the attributes whose action differs (as the
 * AI4HI comparison counts them) and one real instance de-identified under both. Nothing is stored or sent; the
 * linkage store is read only. Audited, as a preview is.
 */
export async function profileImpact(
  services: SidecarServices,
  principal: Principal,
  role: string,
  request: { peer: string; profile: string; options: readonly string[]; studyInstanceUID?: string },
): Promise<ProfileImpact> {
  const peer = services.peers.require(request.peer);
  const proposed = services.peers.resolveProfile(request.profile, request.options);
  try {
    services.peers.engine({ ...peer, profile: proposed }, 'check', readOnlyPseudonymStore(services.state.pseudonyms));
  } catch (error) {
    throw badRequest(`peer ${peer.name}: profile ${proposed.loaded.profile.id}: ${(error as Error).message}`);
  }
  const impact: ProfileImpact = { peer: peer.name, current: summary(peer.profile), proposed: summary(proposed), attributes: compareAttributes(peer.profile, proposed) };
  const study = request.studyInstanceUID ?? (await lastStudySharedTo(services, peer.name));
  if (study === undefined) impact.previewUnavailable = `nothing has been shared to ${peer.name} yet: name a study to preview`;
  else impact.preview = await compareInstance(services, peer, proposed, study);
  await services.state.audit.append({
    actor: principal.id,
    role,
    action: 'peer.profile.previewed',
    peer: peer.name,
    profileId: proposed.loaded.profile.id,
    profileSha256: proposed.loaded.sha256,
    details: { current: impact.current.profileId, proposed: impact.proposed.profileId, options: impact.proposed.options, changedAttributes: impact.attributes.changed.length },
  });
  return impact;
}
