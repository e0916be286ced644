// Generates packages/engine/src/generated/tcia-private-tags.ts from the TCIA private tag knowledge
// base (data/private-tags/tcia-private-tag-kb-2024-02-01.csv): which private elements TCIA has
// assessed, and what to do with them.
//
// Pattern syntax of the KB: steps from the outermost sequence down to the element, separated by an
// item marker "[<n>]" (n is the nesting depth, not an item index, and is not significant):
//   (0008,1084)                      public element: group, element
//   (312f,"Ramsoft Diagnosis",10)    private element: group, private creator, low byte of element
// Quirks of this export, handled here:
// - the quote before a creator is missing in most rows: (0009,GEIIS",10); both quotes are missing
//   for an empty creator, (0009,,02), and a nested empty creator reads (5653,",11);
// - creators may contain commas ("HOLOGIC, Inc.") and runs of spaces ("SIEMENS CM VA0  CMS");
// - dispositions appear as "k", " k", "K", "D" or blank: trimmed and lower-cased, blank or unknown
//   become 'na' (not known safe);
// - a row may also end in a public element inside a private sequence, or in a private creator
//   element (0029,0010) written like a public one; both are public steps.
// The KB uses no wildcards or group ranges: every group and element is written out, and a pattern
// that does not follow the syntax above fails generation. Rows whose normalised signature, VR and
// disposition are identical are written once; the lookup (knowledge-base.ts) handles rows that
// share a signature but differ in VR or disposition.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from './csv.mjs';
import { KNOWN_VRS } from './dictionary.mjs';
import { generatedHeader, tsString, writeGenerated } from './emit.mjs';

export const TCIA_SOURCE = 'data/private-tags/tcia-private-tag-kb-2024-02-01.csv';
export const TCIA_EDITION = '2024-02-01';
export const TCIA_OUTPUT = 'packages/engine/src/generated/tcia-private-tags.ts';

const DISPOSITIONS = ['k', 'd', 'h', 'o', 'oi', 'na'];
const EXPECTED_HEADER = ['element_sig_pattern', 'tag_name', 'vr', 'private_disposition'];
const ITEM_MARKER = /\[<\d+>\]/;
const PUBLIC_STEP = /^\(([0-9a-f]{4}),([0-9a-f]{4})\)$/i;
const PRIVATE_STEP = /^\(([0-9a-f]{4}),(.*),([0-9a-f]{2})\)$/i;

/**
 * Steps of a KB pattern, outermost first, in the shape of SignatureStep (knowledge-base.ts).
 * @returns {{ group: number, element: number, creator?: string }[]}
 */
export function parsePattern(pattern, where) {
  return pattern.split(ITEM_MARKER).map((text) => {
    const step = text.trim();
    const publicStep = PUBLIC_STEP.exec(step);
    if (publicStep !== null) return { group: hex(publicStep[1]), element: hex(publicStep[2]) };
    const privateStep = PRIVATE_STEP.exec(step);
    if (privateStep === null) {
      throw new Error(`${where}: step ${JSON.stringify(step)} is neither (gggg,eeee) nor (gggg,"creator",ee); fix the pattern`);
    }
    const group = hex(privateStep[1]);
    if ((group & 1) === 0) throw new Error(`${where}: private step ${step} has an even group; fix the pattern`);
    return { group, element: hex(privateStep[3]), creator: unquoteCreator(privateStep[2]) };
  });
}

// Drops the quotes around a creator whichever of them survived the export.
function unquoteCreator(quoted) {
  const withoutOpening = quoted.startsWith('"') ? quoted.slice(1) : quoted;
  return withoutOpening.endsWith('"') ? withoutOpening.slice(0, -1) : withoutOpening;
}

function hex(digits) {
  return Number.parseInt(digits, 16);
}

/**
 * The normalised signature: item markers dropped, hex in lower case, creators trimmed, lower-cased
 * and JSON-quoted (so no creator text can be mistaken for step syntax), private elements reduced to
 * their low byte. knowledge-base.ts builds the same string from a path in a dataset; the tests run
 * every KB row through both.
 */
export function formatSignature(steps) {
  return steps
    .map((step) =>
      step.creator === undefined
        ? `(${hex4(step.group)},${hex4(step.element)})`
        : `(${hex4(step.group)},${JSON.stringify(step.creator.trim().toLowerCase())},${(step.element & 0xff).toString(16).padStart(2, '0')})`,
    )
    .join('');
}

function hex4(n) {
  return n.toString(16).padStart(4, '0');
}

/** 'k' | 'd' | 'h' | 'o' | 'oi' | 'na'; blank or unknown cells are 'na', not known safe. */
export function normaliseDisposition(cell) {
  const disposition = cell.trim().toLowerCase();
  return DISPOSITIONS.includes(disposition) ? disposition : 'na';
}

function normaliseVr(cell, where) {
  const vr = cell.trim().toUpperCase();
  if (vr !== '' && !KNOWN_VRS.has(vr)) throw new Error(`${where}: unknown VR ${JSON.stringify(cell)}; fix the row`);
  return vr;
}

/**
 * @returns {{ line: number, steps: { group: number, element: number, creator?: string }[], signature: string, vr: string, disposition: string }[]}
 */
export function parseTciaCsv(text, fileLabel = TCIA_SOURCE) {
  const { header, rows } = parseCsv(text, fileLabel);
  if (header.map((cell) => cell.trim()).join(',') !== EXPECTED_HEADER.join(',')) {
    throw new Error(`${fileLabel}: header is "${header.join(',')}", expected "${EXPECTED_HEADER.join(',')}"; check the source file`);
  }
  return rows.map(({ line, cells }) => {
    const [pattern = '', , vr = '', disposition = ''] = cells;
    const where = `${fileLabel} line ${line}`;
    const steps = parsePattern(pattern, where);
    return { line, steps, signature: formatSignature(steps), vr: normaliseVr(vr, where), disposition: normaliseDisposition(disposition) };
  });
}

/** Rows with identical signature, VR and disposition written once, in source order. */
export function distinctEntries(rows) {
  const seen = new Set();
  return rows.filter((row) => {
    const key = JSON.stringify([row.signature, row.vr, row.disposition]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function renderTciaPrivateTags(entries) {
  return [
    generatedHeader({
      what: 'TCIA private tag knowledge base: private element signature, VR, disposition.',
      source: TCIA_SOURCE,
      edition: TCIA_EDITION,
      generator: 'tools/generate/tcia-private-tags.mjs',
    }),
    "import type { PrivateDisposition } from '../private-tags/disposition.js';",
    '',
    `export const TCIA_KB_EDITION = ${tsString(TCIA_EDITION)};`,
    '',
    '/**',
    ' * signature: normalised element path, as built by signatureOf in ../private-tags/knowledge-base.ts.',
    " * vr: as TCIA saw the element ('UN' when it came without explicit VR, '' when the KB gives none);",
    ' * one signature can have several rows, one per VR.',
    ' */',
    'export const TCIA_PRIVATE_TAGS: ReadonlyArray<readonly [signature: string, vr: string, disposition: PrivateDisposition]> = [',
    ...entries.map((entry) => `  [${tsString(entry.signature)}, ${tsString(entry.vr)}, ${tsString(entry.disposition)}],`),
    '];',
    '',
  ].join('\n');
}

export async function generateTciaPrivateTags(repoRoot) {
  const entries = distinctEntries(parseTciaCsv(await readFile(join(repoRoot, TCIA_SOURCE), 'utf8')));
  await writeGenerated(repoRoot, TCIA_OUTPUT, renderTciaPrivateTags(entries));
  return { output: TCIA_OUTPUT, rows: entries.length };
}
