/**
 * Every preset over the real corpus (test/corpus), through the CLI: what it keeps conforms to its IOD as well as the
 * input did (dciodvfy finds no new error) and carries no private element without its private creator, whichever
 * stage (first stage, whitelist, provenance) touched it.
 */
import { readFileSync } from 'node:fs';
import { parseDicom } from '@deid-share/dicom';
import { builtinProfileIds } from '@deid-share/engine';
import { deidentifyCorpus } from './support/corpus-deidentify.js';
import { orphanPrivateElements } from './support/private-elements.js';
import { dciodvfyFindings, dciodvfyReadableInput, newErrors, type DciodvfyFindings } from './support/dicom-tools.js';

const inputFindings = new Map<string, DciodvfyFindings>();
async function findingsOfInput(path: string): Promise<DciodvfyFindings> {
  let findings = inputFindings.get(path);
  if (!findings) inputFindings.set(path, (findings = dciodvfyFindings(await dciodvfyReadableInput(path))));
  return findings;
}

// tcia: test/engine-corpus.test.ts runs the same checks over the same corpus.
test.each(builtinProfileIds().filter((id) => id !== 'tcia'))('%s: every output conforms as well as its input, with no orphan private element', async (profile) => {
  const ok = (await deidentifyCorpus(profile)).report.filter((entry) => entry.status === 'ok');
  expect(ok.length).toBeGreaterThan(100);
  const problems: string[] = [];
  for (const entry of ok) {
    const introduced = newErrors(await findingsOfInput(entry.input), dciodvfyFindings(entry.output!));
    if (introduced.length > 0) problems.push(`${entry.input}: new IOD errors: ${introduced.join(' | ')}`);
    const orphans = orphanPrivateElements(parseDicom(readFileSync(entry.output!)).dataset);
    if (orphans.length > 0) problems.push(`${entry.input}: private elements without their creator: ${orphans.join(', ')}`);
  }
  expect(problems).toEqual([]);
}, 300_000);
