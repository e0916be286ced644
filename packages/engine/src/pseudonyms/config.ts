/**
 * Pseudonym scheme configuration as it appears in a profile (JSON). One profile names one scheme.
 * The JSON-schema fragment in schema.ts validates the shape; the checks that need arithmetic
 * (bit lengths, DICOM value lengths) run when a pseudonymizer is created.
 */

export type HashEncoding = 'hex' | 'base32';

interface PatientNameOption {
  /** How PatientName is formed; `{id}` stands for the new PatientID. Default `{id}`. */
  patientNameFormat?: string;
}

interface HashOptions extends PatientNameOption {
  /** Text placed before the hash, e.g. `PCa`. */
  prefix?: string;
  /** Default `hex` (4 bits a character); `base32` is RFC 4648 upper case without padding (5 bits). */
  encoding?: HashEncoding;
  /** Characters of hash kept; the default keeps at least 128 bits. */
  length?: number;
  /** Permit fewer than 128 bits: collisions then become plausible and nothing detects them. */
  allowBelow128Bits?: boolean;
}

/**
 * What the keyed hash covers. `issuer-and-patient-id` (default): deid-share's framed fields with a purpose label, so
 * two issuers' patients never collide. `patient-id`: the patient ID's UTF-8 bytes alone, the EuCanImage D4.1
 * construction that clinical-data tooling recomputes without DICOM (docs/pseudonyms.md).
 */
export type KeyedHashInput = 'issuer-and-patient-id' | 'patient-id';

/** HMAC-SHA-512/256 keyed by the project secret; no linkage table. */
export interface KeyedHashConfig extends HashOptions {
  scheme: 'keyed-hash';
  input?: KeyedHashInput;
}

/** ProCAncer-I style: `prefix` + HMAC-SHA-512/256(secret, site, issuer, patient ID); no linkage table. */
export interface SitePrefixedHashConfig extends HashOptions {
  scheme: 'site-prefixed-hash';
  prefix: string;
}

interface RandomOptions extends PatientNameOption {
  prefix?: string;
  /** Characters drawn from; default is Crockford base32 (no I, L, O, U). */
  alphabet?: string;
  length?: number;
}

/** Random pseudonym remembered in the linkage table (PRIMAGE / INCISIVE style). */
export interface RandomLinkedConfig extends RandomOptions {
  scheme: 'random-linked';
}

/** Random pseudonym remembered only for one run (CHAIMELEON style): no re-identification, no erasure. */
export interface RandomUnlinkedConfig extends RandomOptions {
  scheme: 'random-unlinked';
  /** Permit fewer than 128 random bits: pseudonyms of different runs may then collide. */
  allowBelow128Bits?: boolean;
}

/** Naming convention with a persisted counter, e.g. `{site}-{seq:04}`. */
export interface TemplateConfig extends PatientNameOption {
  scheme: 'template';
  /** Placeholders: {site}, {prefix}, {seq} or {seq:N} (zero-padded to N), {hash:N} (N keyed-hash hex characters). */
  template: string;
  prefix?: string;
}

export type PseudonymSchemeConfig =
  | KeyedHashConfig
  | SitePrefixedHashConfig
  | RandomLinkedConfig
  | RandomUnlinkedConfig
  | TemplateConfig;

export type PseudonymScheme = PseudonymSchemeConfig['scheme'];

export const DEFAULT_PATIENT_NAME_FORMAT = '{id}';
/** Crockford base32: 32 symbols without the easily confused I, L, O and U. */
export const DEFAULT_RANDOM_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 16 Crockford symbols = 80 bits: plenty, since the linkage table rejects duplicates anyway. */
export const DEFAULT_LINKED_RANDOM_LENGTH = 16;
/** 26 Crockford symbols = 130 bits: nothing rejects duplicates across runs, so stay above 128 bits. */
export const DEFAULT_UNLINKED_RANDOM_LENGTH = 26;
/** Below this, collisions among pseudonyms that no table checks stop being negligible. */
export const MIN_UNCHECKED_BITS = 128;
