import { namespaceBelongsToProject } from './linkage-namespace.js';
import { unsealSubject } from './sealed-subject.js';
import type { LinkedPseudonym, PseudonymStore } from './store.js';
import type { PatientSubject } from './subject.js';
import { subjectKeyFor } from './subject.js';

/**
 * Administrative look-ups in the linkage table, both needing the project secret. Hash schemes are
 * not covered (they keep no table: recompute with pseudonymFor instead); random-unlinked cannot be.
 */
export interface LinkageAccess {
  secret: Uint8Array;
  store: PseudonymStore;
}

/** Erasure: every linked pseudonym this patient received under this project's secret. */
export async function linkedPseudonymsOfSubject(subject: PatientSubject, access: LinkageAccess): Promise<LinkedPseudonym[]> {
  return access.store.listPseudonymsForSubject(subjectKeyFor(access.secret, subject));
}

export interface ReidentifiedSubject extends PatientSubject {
  namespace: string;
}

/** Re-identification by authorised staff: the patient(s) behind a pseudonym, one per namespace. */
export async function reidentifyPseudonym(pseudonym: string, access: LinkageAccess): Promise<ReidentifiedSubject[]> {
  const links = await access.store.findLinksByPseudonym(pseudonym);
  return links
    .filter((link) => namespaceBelongsToProject(link.namespace, access.secret))
    .map((link) => ({ namespace: link.namespace, ...unsealSubject(access.secret, link.subjectKey, link.sealedSubject) }));
}
