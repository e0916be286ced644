import type { PseudonymScheme, PseudonymSchemeConfig } from './config.js';
import type { PseudonymPair } from './dicom-text.js';
import { createKeyedHashPseudonymizer, createSitePrefixedHashPseudonymizer } from './schemes/hash.js';
import { createRandomLinkedPseudonymizer } from './schemes/random-linked.js';
import { createRandomUnlinkedPseudonymizer } from './schemes/random-unlinked.js';
import { createTemplatePseudonymizer } from './schemes/template.js';
import { assertProjectSecret } from './secret.js';
import type { PseudonymStore } from './store.js';
import type { PatientSubject } from './subject.js';

export interface PseudonymizerOptions {
  /** The project secret: 32 bytes (see readSecretFile in @deid-share/state). */
  secret: Uint8Array;
  /** Linkage storage; required by random-linked and template, unused by the others. */
  store?: PseudonymStore;
  /** This site's code, for site-prefixed-hash and {site} in templates. */
  siteId?: string;
}

export interface Pseudonymizer {
  readonly scheme: PseudonymScheme;
  /**
   * Whether the pseudonyms of a named patient can be found again for erasure (by recomputing the
   * hash or through the linkage table). False only for random-unlinked, which keeps no trace.
   */
  readonly supportsErasure: boolean;
  /** The replacement PatientID/PatientName; the same patient gets the same pair (within one run for random-unlinked). */
  pseudonymFor(subject: PatientSubject): Promise<PseudonymPair>;
}

/** Checks the configuration now, so a bad profile fails before the first study is touched. */
export function createPseudonymizer(config: PseudonymSchemeConfig, options: PseudonymizerOptions): Pseudonymizer {
  assertProjectSecret(options.secret);
  switch (config.scheme) {
    case 'keyed-hash':
      return createKeyedHashPseudonymizer(config, options);
    case 'site-prefixed-hash':
      return createSitePrefixedHashPseudonymizer(config, options);
    case 'random-linked':
      return createRandomLinkedPseudonymizer(config, options);
    case 'random-unlinked':
      return createRandomUnlinkedPseudonymizer(config, options);
    case 'template':
      return createTemplatePseudonymizer(config, options);
    default:
      throw new Error(`Unknown pseudonym scheme "${(config as { scheme: unknown }).scheme}" in the profile.`);
  }
}

/** Whether a scheme keeps a linkage table or counter, and so needs the state store. */
export function keepsLinkage(scheme: PseudonymScheme): boolean {
  return scheme === 'random-linked' || scheme === 'template';
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
