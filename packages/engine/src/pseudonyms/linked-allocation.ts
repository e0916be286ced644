import { sealSubject } from './sealed-subject.js';
import type { PseudonymStore } from './store.js';
import type { PseudonymPair } from './dicom-text.js';
import type { PseudonymSource } from './pseudonymizer.js';
import { normaliseSubject, subjectKeyFor, type PatientSubject } from './subject.js';

/** Conflicts are rare (a race, a random clash): repeated failure means the ID space is nearly full. */
const MAX_ATTEMPTS = 16;

export interface LinkedAllocation {
  store: PseudonymStore;
  secret: Uint8Array;
  namespace: string;
  /** Next candidate pseudonym: a fresh random ID or the next counter value. */
  propose: (subject: PatientSubject) => Promise<string>;
}

/**
 * Returns the subject's pseudonym in the namespace, creating and linking one if needed. The store
 * enforces uniqueness of both subject and pseudonym; on conflict we read again or try a new candidate.
 */
export async function findOrLinkPseudonym(
  allocation: LinkedAllocation,
  subject: PatientSubject,
  subjectKey: string,
): Promise<string> {
  const { store, secret, namespace, propose } = allocation;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const existing = await store.findLinkedPseudonym(namespace, subjectKey);
    if (existing !== undefined) return existing;
    const pseudonym = await propose(subject);
    const sealedSubject = sealSubject(secret, subjectKey, subject);
    if ((await store.linkPseudonym({ namespace, subjectKey, pseudonym, sealedSubject })) === 'linked') return pseudonym;
  }
  throw new Error(
    `No free pseudonym after ${MAX_ATTEMPTS} attempts in linkage namespace ${namespace}; ` +
      'the pseudonym space is nearly full: raise length, widen the alphabet or the {seq} width in the profile.',
  );
}

/**
 * Concurrent requests for the same patient within one run share one allocation, so they do not
 * burn counter values (or random draws) that would be discarded after the first link wins.
 */
export function coalesceBySubject<T>(): (subjectKey: string, allocate: () => Promise<T>) => Promise<T> {
  const pending = new Map<string, Promise<T>>();
  return (subjectKey, allocate) => {
    const inFlight = pending.get(subjectKey);
    if (inFlight !== undefined) return inFlight;
    const result = allocate().finally(() => pending.delete(subjectKey));
    pending.set(subjectKey, result);
    return result;
  };
}

/**
 * A pseudonymizer for the schemes that keep a linkage table (random-linked, template): each patient's pseudonym is
 * found in the table or allocated once, concurrent requests for one patient share one allocation.
 */
export function linkedPseudonymizer(
  allocation: LinkedAllocation,
  toPair: (pseudonym: string) => PseudonymPair,
): PseudonymSource {
  const once = coalesceBySubject<string>();
  return {
    async pseudonymFor(subject) {
      const normalised = normaliseSubject(subject);
      const subjectKey = subjectKeyFor(allocation.secret, normalised);
      return toPair(await once(subjectKey, () => findOrLinkPseudonym(allocation, normalised, subjectKey)));
    },
  };
}
