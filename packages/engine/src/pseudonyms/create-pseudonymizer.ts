import type { PseudonymSchemeConfig } from './config.js';
import type { Pseudonymizer, PseudonymizerOptions } from './pseudonymizer.js';
import { pseudonymScheme, type PseudonymSchemeDescriptor } from './schemes/index.js';
import { assertProjectSecret } from './secret.js';

/** Checks the configuration now, so a bad profile fails before the first study is touched. */
export function createPseudonymizer(config: PseudonymSchemeConfig, options: PseudonymizerOptions): Pseudonymizer {
  assertProjectSecret(options.secret);
  const descriptor = pseudonymScheme(config.scheme) as PseudonymSchemeDescriptor;
  const source = descriptor.create(config, options);
  return {
    scheme: config.scheme,
    keepsLinkage: descriptor.keepsLinkage,
    supportsErasure: descriptor.supportsErasure,
    stableAcrossRuns: descriptor.stableAcrossRuns,
    pseudonymFor: (subject) => source.pseudonymFor(subject),
  };
}
