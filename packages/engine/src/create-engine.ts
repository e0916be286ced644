import { DeidEngine, type EngineSetup } from './engine.js';
import { createPseudonymizer } from './pseudonyms/create-pseudonymizer.js';
import type { PseudonymStore } from './pseudonyms/store.js';

export interface ConfiguredEngineSetup extends Omit<EngineSetup, 'pseudonymizer'> {
  /** Linkage storage, for the schemes that keep linkage (see pseudonymScheme(...).keepsLinkage). */
  readonly store?: PseudonymStore;
  /** This site's code, for site-prefixed-hash and {site} in templates. */
  readonly siteId?: string;
}

/**
 * The one way to assemble an engine for a profile: the profile's pseudonym scheme is created (and its
 * configuration checked) here, so a bad profile fails before the first instance.
 */
export function createEngine(setup: ConfiguredEngineSetup): DeidEngine {
  const { store, siteId, ...engineSetup } = setup;
  const pseudonymizer = createPseudonymizer(setup.profile.profile.pseudonym, {
    secret: setup.secret,
    ...(store ? { store } : {}),
    ...(siteId ? { siteId } : {}),
  });
  return new DeidEngine({ ...engineSetup, pseudonymizer });
}
