export type {
  HashEncoding,
  KeyedHashConfig,
  PseudonymScheme,
  PseudonymSchemeConfig,
  RandomLinkedConfig,
  RandomUnlinkedConfig,
  SitePrefixedHashConfig,
  TemplateConfig,
} from './config.js';
export { PSEUDONYM_SCHEME_SCHEMA } from './schema.js';
export type { PseudonymPair } from './dicom-text.js';
export type { PatientSubject } from './subject.js';
export { subjectKeyFor } from './subject.js';
export type { LinkedPseudonym, LinkOutcome, PseudonymLink, PseudonymStore } from './store.js';
export type { Pseudonymizer, PseudonymizerOptions, PseudonymSchemeTraits } from './pseudonymizer.js';
export { createPseudonymizer } from './create-pseudonymizer.js';
export { pseudonymScheme, type PseudonymSchemeDescriptor } from './schemes/index.js';
export type { LinkageAccess, ReidentifiedSubject } from './linkage-lookup.js';
export { linkedPseudonymsOfSubject, reidentifyPseudonym } from './linkage-lookup.js';
export { PROJECT_SECRET_BYTES } from './secret.js';
