import { randomUUID } from 'node:crypto';

import type { Erasure, PeerErasure } from '@deid-share/api-contract';
import { linkedPseudonymsOfSubject, pseudonymScheme } from '@deid-share/engine';
import { withRetries } from '@deid-share/orthanc-client';
import type { ShareRecord } from '@deid-share/state';

import type { Principal } from './auth/principal.js';
import { readOnlyPseudonymStore, type Peer } from './peers.js';
import type { SidecarServices } from './services.js';
import { sharedCopySubjectKey } from './subject-key.js';
import { retryPolicyOf } from './jobs/limits.js';


function unlinkedMessage({ peer, scheme }: PeerErasure): string {
  return (
    `peer ${peer} uses the ${scheme} pseudonym scheme, which keeps no link between patients and their copies: ` +
    'copies of this patient sent to it cannot be found, so they cannot be erased by deid-share'
  );
}

/**
 * GDPR Art. 17: finds every copy of a patient's studies on every peer (through the share ledger and the
 * patient's pseudonyms under each peer's scheme), deletes them on the peer, and records the evidence.
 * The result says plainly where erasure is impossible (random-unlinked).
 */
export async function erasePatient(services: SidecarServices, principal: Principal, role: string, subject: { issuer: string; patientId: string }): Promise<Erasure> {
  const id = randomUUID();
  const at = new Date().toISOString();
  const peers = services.peers.list();
  const secrets = [...new Map(peers.map((peer) => [Buffer.from(peer.secret).toString('hex'), peer.secret])).values()];
  const subjectKeys = secrets.map((secret) => sharedCopySubjectKey(secret, subject));
  const ledger = (await services.state.shares.forSubjects(subjectKeys)).filter((copy) => copy.erasedAt === undefined);

  const results: PeerErasure[] = [];
  const erasedCopies: ShareRecord[] = [];
  for (const peer of peers) {
    const copies = ledger.filter((copy) => copy.peer === peer.name);
    const result = await erasePeer(services, peer, subject, copies);
    results.push(result);
    if (result.errors.length === 0) erasedCopies.push(...copies);
  }
  for (const name of new Set(ledger.map((copy) => copy.peer))) {
    if (peers.some((peer) => peer.name === name)) continue;
    results.push({
      peer: name,
      scheme: 'unknown',
      searchable: false,
      deleted: [],
      alreadyGone: [],
      errors: [`peer ${name} is no longer configured: ${ledger.filter((c) => c.peer === name).length} recorded copies there must be erased by that peer's operators`],
    });
  }
  await services.state.shares.markErased(erasedCopies, id);

  const deleted = results.reduce((sum, r) => sum + r.deleted.length, 0);
  const unsearchable = results.filter((r) => !r.searchable);
  const failing = results.filter((r) => r.errors.length > 0);
  let status: Erasure['status'];
  let message: string;
  if (failing.length > 0) {
    status = 'incomplete';
    message = `${deleted} cop${deleted === 1 ? 'y' : 'ies'} deleted, but ${failing.map((r) => r.peer).join(', ')} could not be cleared; run the erasure again`;
  } else if (unsearchable.length === results.length && deleted === 0) {
    status = 'impossible';
    message = `erasure is impossible: ${unsearchable.map(unlinkedMessage).join('; ')}`;
  } else if (unsearchable.length > 0) {
    status = 'incomplete';
    message = `${deleted} cop${deleted === 1 ? 'y' : 'ies'} deleted; ${unsearchable.map(unlinkedMessage).join('; ')}`;
  } else {
    status = 'complete';
    message = deleted === 0 ? 'no copy of this patient was found on any peer' : `${deleted} cop${deleted === 1 ? 'y' : 'ies'} deleted`;
  }
  const report: Erasure = { id, status, at, message, peers: results };
  // The evidence holds peer names, copies' Orthanc IDs and UIDs, and the keyed subject keys: no MRN, no pseudonym.
  await services.state.shares.recordErasure({ id, at, actor: principal.id, status, evidence: { subjectKeys, ...report } });
  await services.state.audit.append({
    actor: principal.id,
    role,
    action: 'erasure',
    details: { erasureId: id, status, deleted: Object.fromEntries(results.map((r) => [r.peer, r.deleted.length])) },
  });
  services.metrics.erasure(status);
  services.log.info({ erasureId: id, status, deleted, peers: results.map((r) => ({ peer: r.peer, deleted: r.deleted.length, errors: r.errors.length })) }, 'erasure carried out');
  return report;
}

async function pseudonymsOf(services: SidecarServices, peer: Peer, subject: { issuer: string; patientId: string }): Promise<string[]> {
  const scheme = pseudonymScheme(peer.profile.loaded.profile.pseudonym.scheme);
  if (!scheme.supportsErasure) return [];
  if (scheme.keepsLinkage) {
    const linked = await linkedPseudonymsOfSubject(subject, { secret: peer.secret, store: services.state.pseudonyms });
    return [...new Set(linked.map((link) => link.pseudonym))];
  }
  // A scheme without linkage derives the pseudonym from the patient: recomputing it writes nothing.
  const engine = services.peers.engine(peer, 'erasure', readOnlyPseudonymStore(services.state.pseudonyms));
  return [(await engine.pseudonymizer.pseudonymFor(subject)).patientId];
}

async function erasePeer(services: SidecarServices, peer: Peer, subject: { issuer: string; patientId: string }, copies: readonly ShareRecord[]): Promise<PeerErasure> {
  const scheme = peer.profile.loaded.profile.pseudonym.scheme;
  const searchable = pseudonymScheme(scheme).supportsErasure;
  const result: PeerErasure = { peer: peer.name, scheme, searchable, deleted: [], alreadyGone: [], errors: [] };
  if (!result.searchable) result.message = unlinkedMessage(result);
  const retry = <T>(action: () => Promise<T>) => withRetries(retryPolicyOf(services.config.limits), action);
  const found = new Map<string, { peerStudyUID?: string; foundBy: Set<'ledger' | 'pseudonym'> }>();
  const note = (studyId: string, foundBy: 'ledger' | 'pseudonym', peerStudyUID?: string) => {
    const entry = found.get(studyId) ?? { foundBy: new Set() };
    entry.foundBy.add(foundBy);
    if (peerStudyUID) entry.peerStudyUID = peerStudyUID;
    found.set(studyId, entry);
  };
  try {
    for (const copy of copies) {
      const ids = await retry(() => peer.orthanc.findStudies(copy.peerStudyUID));
      if (ids.length === 0) result.alreadyGone.push({ peerStudyUID: copy.peerStudyUID });
      ids.forEach((studyId) => note(studyId, 'ledger', copy.peerStudyUID));
    }
    for (const pseudonym of await pseudonymsOf(services, peer, subject)) {
      const ids = await retry(() => peer.orthanc.findStudiesOfPatient(pseudonym));
      ids.forEach((studyId) => note(studyId, 'pseudonym'));
    }
    for (const [studyId, entry] of found) {
      const existed = await retry(() => peer.orthanc.deleteStudy(studyId));
      if (!existed) continue;
      result.deleted.push({
        peerStudyId: studyId,
        ...(entry.peerStudyUID ? { peerStudyUID: entry.peerStudyUID } : {}),
        foundBy: [...entry.foundBy].sort(),
        deletedAt: new Date().toISOString(),
      });
    }
  } catch (error) {
    result.errors.push(error instanceof Error ? error.message : String(error));
  }
  return result;
}
