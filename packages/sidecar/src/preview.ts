import type { Preview } from '@deid-share/api-contract';
import { instanceTooLargeReason } from '@deid-share/engine';

import type { Principal } from './auth/principal.js';
import { notFound, unprocessable } from './errors.js';
import { orthancFailure } from './orthanc/failure.js';
import { readOnlyPseudonymStore } from './peers.js';
import type { SidecarServices } from './services.js';
import { findSourceStudy } from './shares/find-source-study.js';

/** One instance of a source study, read whole: the one named, else the study's first. */
export async function readSourceInstance(
  services: SidecarServices,
  studyInstanceUID: string,
  sopInstanceUID?: string,
): Promise<{ study: { id: string; studyInstanceUID: string }; instance: { id: string; sopInstanceUID: string }; bytes: Uint8Array }> {
  const study = await findSourceStudy(services, { studyInstanceUID });
  try {
    const instances = await services.source.studyInstances(study.id);
    const found = sopInstanceUID === undefined ? instances[0] : instances.find((i) => i.sopInstanceUID === sopInstanceUID);
    if (!found) throw notFound(sopInstanceUID === undefined ? 'the study has no instances' : 'the study has no instance with this SOPInstanceUID');
    // Read whole, so held to the per-instance memory budget like every instance a share reads.
    const tooLarge = instanceTooLargeReason(found.fileSize ?? 0, services.config.limits.maxInstanceBytes);
    if (tooLarge) throw unprocessable('instance_too_large', tooLarge);
    return { study, instance: found, bytes: await services.source.instanceFile(found.id) };
  } catch (error) {
    throw orthancFailure('source', error);
  }
}

/**
 * The tag-level diff of one instance of a study under a peer's current profile. Nothing is sent and
 * nothing is written: the linkage store is read only, so a patient without a pseudonym yet is shown a
 * stand-in one (and a template counter shows 0).
 */
export async function previewStudy(
  services: SidecarServices,
  principal: Principal,
  role: string,
  request: { studyInstanceUID: string; peer: string; sopInstanceUID?: string },
): Promise<Preview> {
  const peer = services.peers.get(request.peer);
  if (!peer) throw notFound(`no peer is named "${request.peer}"`);
  const { study, instance: chosen, bytes } = await readSourceInstance(services, request.studyInstanceUID, request.sopInstanceUID);
  const engine = services.peers.engine(peer, 'preview', readOnlyPseudonymStore(services.state.pseudonyms));
  let result;
  try {
    result = await engine.deidentify(bytes, { recordChanges: true });
  } catch (error) {
    throw unprocessable('preview_failed', `the instance could not be previewed: ${(error as Error).message}`);
  }
  await services.state.audit.append({
    actor: principal.id,
    role,
    action: 'preview',
    peer: peer.name,
    profileId: peer.profile.loaded.profile.id,
    profileSha256: peer.profile.loaded.sha256,
    details: { sourceStudyId: study.id, sourceInstanceId: chosen.id, status: result.status },
  });
  const base = {
    peer: peer.name,
    profileId: peer.profile.loaded.profile.id,
    profileVersion: peer.profile.loaded.profile.version,
    sopInstanceUID: chosen.sopInstanceUID,
  };
  if (result.status !== 'ok') return { ...base, status: result.status, reason: result.reason, rows: [] };
  // The preview reads the linkage store without writing: a patient never shared gets a stand-in pseudonym.
  const standIn = engine.pseudonymizer.keepsLinkage ? '; a patient not shared before gets their own when shared' : '';
  const rows = (result.changes ?? []).map((row) => ({
    tag: row.tag,
    keyword: row.keyword,
    original: row.original,
    result: row.result,
    action: row.action,
    path: row.path,
    rule: row.rule.startsWith('pseudonym') ? `${row.rule}${standIn}` : row.rule,
  }));
  return { ...base, status: 'ok', rows };
}
