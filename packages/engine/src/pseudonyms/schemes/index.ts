import type { PseudonymScheme, PseudonymSchemeConfig } from '../config.js';
import type { PseudonymizerOptions, PseudonymSchemeTraits, PseudonymSource } from '../pseudonymizer.js';
import { createKeyedHashPseudonymizer, createSitePrefixedHashPseudonymizer } from './hash.js';
import { createRandomLinkedPseudonymizer } from './random-linked.js';
import { createRandomUnlinkedPseudonymizer } from './random-unlinked.js';
import { createTemplatePseudonymizer } from './template.js';

/** One scheme: what it promises and how it is created from its (schema-valid) configuration. */
export interface PseudonymSchemeDescriptor<Config extends PseudonymSchemeConfig = PseudonymSchemeConfig>
  extends PseudonymSchemeTraits {
  readonly scheme: Config['scheme'];
  /** Checks the configuration's arithmetic (lengths, bits) and throws a message naming the fix. */
  readonly create: (config: Config, options: PseudonymizerOptions) => PseudonymSource;
}

type Descriptors = { readonly [Scheme in PseudonymScheme]: PseudonymSchemeDescriptor<Extract<PseudonymSchemeConfig, { scheme: Scheme }>> };

/** Every scheme the profile schema accepts; adding one means a config type, a schema branch and an entry here. */
const SCHEMES: Descriptors = {
  'keyed-hash': {
    scheme: 'keyed-hash',
    keepsLinkage: false,
    supportsErasure: true,
    stableAcrossRuns: true,
    create: createKeyedHashPseudonymizer,
  },
  'site-prefixed-hash': {
    scheme: 'site-prefixed-hash',
    keepsLinkage: false,
    supportsErasure: true,
    stableAcrossRuns: true,
    create: createSitePrefixedHashPseudonymizer,
  },
  'random-linked': {
    scheme: 'random-linked',
    keepsLinkage: true,
    supportsErasure: true,
    stableAcrossRuns: true,
    create: createRandomLinkedPseudonymizer,
  },
  'random-unlinked': {
    scheme: 'random-unlinked',
    keepsLinkage: false,
    supportsErasure: false,
    stableAcrossRuns: false,
    create: createRandomUnlinkedPseudonymizer,
  },
  template: {
    scheme: 'template',
    keepsLinkage: true,
    supportsErasure: true,
    stableAcrossRuns: true,
    create: createTemplatePseudonymizer,
  },
};

/** The descriptor of a scheme named in a profile; an unknown name is a profile error. */
export function pseudonymScheme<Scheme extends PseudonymScheme>(scheme: Scheme): (typeof SCHEMES)[Scheme] {
  if (!Object.hasOwn(SCHEMES, scheme)) throw new Error(`Unknown pseudonym scheme "${String(scheme)}" in the profile.`);
  return SCHEMES[scheme];
}
