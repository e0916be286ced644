import type { RandomLinkedConfig } from '../config.js';
import { DEFAULT_LINKED_RANDOM_LENGTH } from '../config.js';
import { linkedPseudonymizer } from '../linked-allocation.js';
import { linkageNamespace } from '../linkage-namespace.js';
import type { PseudonymizerOptions, PseudonymSource } from '../pseudonymizer.js';
import { requireStore } from '../pseudonymizer.js';
import { randomFormat } from './random-format.js';

/**
 * PRIMAGE / INCISIVE style: a random pseudonym, remembered in the linkage table so the patient
 * keeps it across studies and runs. The table rejects duplicates, so any length works.
 */
export function createRandomLinkedPseudonymizer(config: RandomLinkedConfig, options: PseudonymizerOptions): PseudonymSource {
  const store = requireStore(config.scheme, options);
  const format = randomFormat(config, DEFAULT_LINKED_RANDOM_LENGTH);
  // The prefix is part of the namespace: changing it starts a new set of pseudonyms, while changing
  // length or alphabet keeps existing patients' pseudonyms and only shapes new ones.
  const namespace = linkageNamespace(config.scheme, options.secret, [config.prefix ?? '']);
  const allocation = { store, secret: options.secret, namespace, propose: async () => format.draw() };
  return linkedPseudonymizer(allocation, (pseudonym) => format.pair(pseudonym));
}
