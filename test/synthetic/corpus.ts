import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { concatChunks, parseDicom, writeDicom } from '@deid-share/dicom';
import { syntheticInstances, type SyntheticInstance } from './instances.js';
import { SeededRandom } from './seeded-random.js';

export const DEFAULT_SEED = 20260601;

/**
 * Writes the synthetic corpus (explicit VR little endian Part 10 files) into `dir`; the same seed, the same bytes.
 * The instances returned hold the data sets as read back from the files, so sequences sent as UN show their items
 * to the answer key as they do to any reader.
 */
export function writeSyntheticCorpus(dir: string, seed = DEFAULT_SEED): SyntheticInstance[] {
  mkdirSync(dir, { recursive: true });
  return syntheticInstances(new SeededRandom(seed)).map((instance) => {
    const bytes = concatChunks(writeDicom(instance.dataset, { transferSyntaxUID: '1.2.840.10008.1.2.1', implementationClassUID: '2.25.1', implementationVersionName: 'SYNTHETIC' }));
    writeFileSync(join(dir, instance.file), bytes);
    return { ...instance, dataset: parseDicom(bytes).dataset };
  });
}
