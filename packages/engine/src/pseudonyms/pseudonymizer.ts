import type { PseudonymScheme } from './config.js';
import type { PseudonymPair } from './dicom-text.js';
import type { PseudonymStore } from './store.js';
import type { PatientSubject } from './subject.js';

export interface PseudonymizerOptions {
  /** The project secret: 32 bytes (see readSecretFile in @deid-share/state). */
  secret: Uint8Array;
  /** Linkage storage; required by the schemes that keep linkage, unused by the others. */
  store?: PseudonymStore;
  /** This site's code, for site-prefixed-hash and {site} in templates. */
  siteId?: string;
}

/**
 * What a scheme promises beyond its pseudonyms. The sidecar and the CLI decide by these, never by the scheme's
 * name, so a new scheme only has to state them (see schemes/index.ts).
 */
export interface PseudonymSchemeTraits {
  /** Keeps a linkage table or counter, and so needs the state store. */
  readonly keepsLinkage: boolean;
  /**
   * Whether the pseudonyms (and so the copies) of a named patient can be found again for erasure: by recomputing
   * the hash, or through the linkage table. When false nothing may link a patient to a copy, not even a ledger.
   */
  readonly supportsErasure: boolean;
  /** Whether a later run gives the same patient the same pseudonym; when false a resumed share starts over. */
  readonly stableAcrossRuns: boolean;
}

/** The part each scheme implements: a patient's pseudonym pair. */
export interface PseudonymSource {
  /** The replacement PatientID/PatientName; the same patient gets the same pair (within one run at least). */
  pseudonymFor(subject: PatientSubject): Promise<PseudonymPair>;
}

export interface Pseudonymizer extends PseudonymSchemeTraits, PseudonymSource {
  readonly scheme: PseudonymScheme;
}

/** Store presence is checked per scheme, so hash-only deployments need no state file. */
export function requireStore(scheme: PseudonymScheme, options: PseudonymizerOptions): PseudonymStore {
  if (options.store === undefined) {
    throw new Error(
      `The ${scheme} pseudonym scheme keeps a linkage table; open the state store and pass it as options.store.`,
    );
  }
  return options.store;
}

export function requireSiteId(what: string, options: PseudonymizerOptions): string {
  if (options.siteId === undefined || options.siteId === '') {
    throw new Error(`${what} needs this site's code; pass options.siteId (e.g. from the site configuration).`);
  }
  return options.siteId;
}
