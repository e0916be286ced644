import type { RandomUnlinkedConfig } from '../config.js';
import { DEFAULT_UNLINKED_RANDOM_LENGTH, MIN_UNCHECKED_BITS } from '../config.js';
import type { PseudonymPair } from '../dicom-text.js';
import type { PseudonymizerOptions, PseudonymSource } from '../pseudonymizer.js';
import { randomBits } from '../random-id.js';
import { subjectKeyFor } from '../subject.js';
import { randomFormat } from './random-format.js';

/** Repeated clashes only happen when a short, explicitly allowed length is nearly used up. */
const MAX_DRAWS = 16;

/**
 * CHAIMELEON style: a random pseudonym remembered only by this pseudonymizer, i.e. for one run.
 * Nothing is written anywhere, so nobody can re-identify the patient, and for the same reason a
 * patient's data cannot later be found for erasure. A later run gives the same patient a new pseudonym.
 */
export function createRandomUnlinkedPseudonymizer(
  config: RandomUnlinkedConfig,
  options: PseudonymizerOptions,
): PseudonymSource {
  const format = randomFormat(config, DEFAULT_UNLINKED_RANDOM_LENGTH);
  const bits = randomBits(format.alphabet, format.length);
  if (bits < MIN_UNCHECKED_BITS && config.allowBelow128Bits !== true) {
    throw new Error(
      `random-unlinked: ${format.length} symbols of a ${format.alphabet.length}-symbol alphabet ` +
        `give ${Math.floor(bits)} bits, below the ${MIN_UNCHECKED_BITS} bits that keep pseudonyms ` +
        'of different runs from colliding (no table checks them). ' +
        'Raise "length", or set "allowBelow128Bits": true to accept collisions across runs.',
    );
  }
  const pairsThisRun = new Map<string, PseudonymPair>();
  const issuedThisRun = new Set<string>();
  const drawUnissued = (): string => {
    for (let attempt = 0; attempt < MAX_DRAWS; attempt++) {
      const pseudonym = format.draw();
      if (!issuedThisRun.has(pseudonym)) return pseudonym;
    }
    throw new Error(`random-unlinked: no unused pseudonym after ${MAX_DRAWS} draws; raise "length" in the profile.`);
  };
  return {
    async pseudonymFor(subject) {
      const subjectKey = subjectKeyFor(options.secret, subject);
      const known = pairsThisRun.get(subjectKey);
      if (known !== undefined) return known;
      const pair = format.pair(drawUnissued());
      issuedThisRun.add(pair.patientId);
      pairsThisRun.set(subjectKey, pair);
      return pair;
    },
  };
}
