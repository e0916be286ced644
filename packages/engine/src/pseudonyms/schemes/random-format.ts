import type { RandomLinkedConfig, RandomUnlinkedConfig } from '../config.js';
import { DEFAULT_PATIENT_NAME_FORMAT, DEFAULT_RANDOM_ALPHABET } from '../config.js';
import type { PseudonymPair } from '../dicom-text.js';
import { assertSafeText, assertValidPatientNameFormat, pseudonymPair } from '../dicom-text.js';
import { assertUsableAlphabet, randomId } from '../random-id.js';

/** The checked shape of a random pseudonym: prefix + `length` symbols of `alphabet`. */
export interface RandomFormat {
  alphabet: string;
  length: number;
  draw(): string;
  pair(pseudonym: string): PseudonymPair;
}

export function randomFormat(config: RandomLinkedConfig | RandomUnlinkedConfig, defaultLength: number): RandomFormat {
  const prefix = config.prefix ?? '';
  const alphabet = config.alphabet ?? DEFAULT_RANDOM_ALPHABET;
  const length = config.length ?? defaultLength;
  const patientNameFormat = config.patientNameFormat ?? DEFAULT_PATIENT_NAME_FORMAT;
  assertSafeText('prefix', prefix);
  assertUsableAlphabet(alphabet);
  assertValidPatientNameFormat(patientNameFormat);
  if (!Number.isInteger(length) || length < 1) {
    throw new Error(`${config.scheme}: "length" must be a positive whole number; got ${length}.`);
  }
  pseudonymPair(prefix + 'x'.repeat(length), patientNameFormat);
  return {
    alphabet,
    length,
    draw: () => prefix + randomId(alphabet, length),
    pair: (pseudonym) => pseudonymPair(pseudonym, patientNameFormat),
  };
}
