import type { HashEncoding, KeyedHashConfig, SitePrefixedHashConfig } from '../config.js';
import { DEFAULT_PATIENT_NAME_FORMAT, MIN_UNCHECKED_BITS } from '../config.js';
import { assertSafeText, assertValidPatientNameFormat, pseudonymPair } from '../dicom-text.js';
import { DIGEST_BITS, digestBitsKept, digestCharsForBits, digestText, keyedDigest, keyedTextDigest } from '../keyed-digest.js';
import type { PseudonymizerOptions, PseudonymSource } from '../pseudonymizer.js';
import { requireSiteId } from '../pseudonymizer.js';
import type { PatientSubject } from '../subject.js';
import { normaliseSubject } from '../subject.js';

/**
 * Hash schemes keep no linkage table: that is their point. Uniqueness therefore rests on the hash
 * length alone, which is why fewer than 128 bits must be asked for explicitly.
 */

/** HMAC over issuer + patient ID, or over the patient ID alone (the EuCanImage D4.1 subject ID). */
export function createKeyedHashPseudonymizer(config: KeyedHashConfig, options: PseudonymizerOptions): PseudonymSource {
  if (config.input === 'patient-id') {
    return createHashPseudonymizer(config, ({ patientId }) => keyedTextDigest(options.secret, patientId));
  }
  return createHashPseudonymizer(config, ({ issuer, patientId }) =>
    keyedDigest(options.secret, 'deid-share/keyed-hash/v1', [issuer, patientId]),
  );
}

/** ProCAncer-I style: `prefix` + HMAC over site + issuer + patient ID. */
export function createSitePrefixedHashPseudonymizer(
  config: SitePrefixedHashConfig,
  options: PseudonymizerOptions,
): PseudonymSource {
  if (config.prefix === undefined || config.prefix === '') {
    throw new Error('The site-prefixed-hash pseudonym scheme needs a "prefix" (e.g. "PCa") in the profile.');
  }
  const siteId = requireSiteId('The site-prefixed-hash pseudonym scheme', options);
  return createHashPseudonymizer(config, ({ issuer, patientId }) =>
    keyedDigest(options.secret, 'deid-share/site-prefixed-hash/v1', [siteId, issuer, patientId]),
  );
}

function createHashPseudonymizer(
  config: KeyedHashConfig | SitePrefixedHashConfig,
  digestOf: (subject: PatientSubject) => Buffer,
): PseudonymSource {
  const prefix = config.prefix ?? '';
  const encoding = config.encoding ?? 'hex';
  const length = hashLength(config, encoding);
  const patientNameFormat = config.patientNameFormat ?? DEFAULT_PATIENT_NAME_FORMAT;
  assertSafeText('prefix', prefix);
  assertValidPatientNameFormat(patientNameFormat);
  pseudonymPair(prefix + 'x'.repeat(length), patientNameFormat);
  return {
    async pseudonymFor(subject) {
      const digest = digestOf(normaliseSubject(subject));
      return pseudonymPair(prefix + digestText(digest, encoding, length), patientNameFormat);
    },
  };
}

function hashLength(config: KeyedHashConfig | SitePrefixedHashConfig, encoding: HashEncoding): number {
  const minimum = digestCharsForBits(encoding, MIN_UNCHECKED_BITS);
  const length = config.length ?? minimum;
  const maximum = digestCharsForBits(encoding, DIGEST_BITS);
  if (!Number.isInteger(length) || length < 1 || length > maximum) {
    throw new Error(
      `${config.scheme}: "length" must be a whole number from 1 to ${maximum} for ${encoding}; got ${length}.`,
    );
  }
  const bits = digestBitsKept(encoding, length);
  if (bits < MIN_UNCHECKED_BITS && config.allowBelow128Bits !== true) {
    throw new Error(
      `${config.scheme}: ${length} ${encoding} characters keep ${bits} bits, below the ${MIN_UNCHECKED_BITS} bits ` +
        'that make collisions negligible when no linkage table can detect them. ' +
        `Set "length" to at least ${minimum}, or set "allowBelow128Bits": true to accept undetected collisions.`,
    );
  }
  return length;
}
