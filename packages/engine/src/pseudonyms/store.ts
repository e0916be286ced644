/**
 * The linkage storage the pseudonym schemes need. Async so that the embedded SQLite store
 * (@deid-share/state) can later be swapped for a server database without touching the engine.
 *
 * Subjects are never stored in the clear: `subjectKey` is a keyed hash of issuer + patient ID
 * (lookup by patient needs the secret) and `sealedSubject` is the same pair encrypted with a key
 * derived from the secret (re-identification needs the secret). The linkage file alone reveals
 * nothing but pseudonyms.
 */
export interface PseudonymLink {
  /** Scheme, project and scheme settings; opaque to the store. */
  namespace: string;
  subjectKey: string;
  pseudonym: string;
  sealedSubject: string;
}

/**
 * `conflict-subject`: the subject already has a pseudonym in this namespace (another run won the race).
 * `conflict-pseudonym`: the pseudonym already belongs to someone else in this namespace.
 */
export type LinkOutcome = 'linked' | 'conflict-subject' | 'conflict-pseudonym';

export interface LinkedPseudonym {
  namespace: string;
  pseudonym: string;
}

export interface PseudonymStore {
  findLinkedPseudonym(namespace: string, subjectKey: string): Promise<string | undefined>;
  /** Records the link unless either side is taken; must be atomic across processes. */
  linkPseudonym(link: PseudonymLink): Promise<LinkOutcome>;
  /** Atomically increments and returns the namespace's counter; the first call returns 1. */
  nextCounter(namespace: string): Promise<number>;
  /** Every pseudonym a subject received, in any namespace: what erasure must find. */
  listPseudonymsForSubject(subjectKey: string): Promise<LinkedPseudonym[]>;
  /** Every link holding this pseudonym (one per namespace at most): the start of re-identification. */
  findLinksByPseudonym(pseudonym: string): Promise<PseudonymLink[]>;
}
