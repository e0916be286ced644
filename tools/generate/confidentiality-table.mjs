// Generates packages/engine/src/generated/confidentiality-table.ts from PS3.15 Table E.1-1
// (data/ps3.15/table-e1-1-2025c.csv), after cross-checking it against the independent 2024b
// export (see confidentiality-crosscheck.mjs).
//
// Handling of the CSV, decided here once:
// - Cells are trimmed; the layout of the 15 columns is checked against the expected header so a
//   reordered export fails instead of shifting codes into the wrong option.
// - Names lose footnote references such as "Icon Image Sequence (see Note 11)": the notes are
//   about the standard's text, not part of the attribute name (confidentiality-row.mjs).
// - "(gggg,eeee) where gggg is odd" is the row for all private attributes: match kind 'private'.
// - Tags with x digits, (50xx,xxxx) or (60xx,3000), become value/mask pairs (tag-pattern.mjs).
// - Every code must be one of ACTION_CODES, "X/Z/U*" spelled with its asterisk as in the standard;
//   an unknown code, a cell with two tags or any other unparsable tag fails generation naming the
//   CSV line. Retd. and In Std. Comp. IOD must be Y or N.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from './csv.mjs';
import { readDictionary } from './dictionary.mjs';
import { generatedHeader, tsString, writeGenerated } from './emit.mjs';
import { hexLiteral } from './tag-pattern.mjs';
import { ACTION_CODES, OPTION_COLUMNS, matchKey, normaliseName, parseActionCode, parseRowMatch } from './confidentiality-row.mjs';
import { crossCheckTables, readPreviousTable, PREVIOUS_TABLE_EDITION, PREVIOUS_TABLE_SOURCE } from './confidentiality-crosscheck.mjs';

export const TABLE_SOURCE = 'data/ps3.15/table-e1-1-2025c.csv';
export const TABLE_EDITION = '2025c';
export const TABLE_OUTPUT = 'packages/engine/src/generated/confidentiality-table.ts';

const EXPECTED_HEADER = [
  'Attribute Name',
  'Tag',
  'Retd. (from PS3.6)',
  'In Std. Comp. IOD (from PS3.3)',
  'Basic Prof.',
  ...OPTION_COLUMNS.map(([column]) => column),
];

/** @typedef {import('./confidentiality-row.mjs').ProfileRow & { retired: boolean, inStdCompIOD: boolean }} ConfidentialityRow */

/**
 * @param {string} text the CSV
 * @returns {ConfidentialityRow[]}
 */
export function parseConfidentialityCsv(text, fileLabel = TABLE_SOURCE) {
  const { header, rows } = parseCsv(text, fileLabel);
  const actualHeader = header.map((cell) => cell.trim());
  if (actualHeader.join('|') !== EXPECTED_HEADER.join('|')) {
    throw new Error(`${fileLabel}: header is "${actualHeader.join(',')}", expected "${EXPECTED_HEADER.join(',')}"; re-export the table with the standard's column order`);
  }
  const seen = new Map();
  return rows.map(({ line, cells }) => {
    const [name = '', tagText = '', retired = '', inStdCompIOD = '', basic = '', ...optionCells] = cells.map((cell) => cell.trim());
    const where = `${fileLabel} line ${line} (${tagText} ${name})`;
    const match = parseRowMatch(tagText, where);
    const key = matchKey(match);
    if (seen.has(key)) throw new Error(`${where}: same tag as line ${seen.get(key)}; keep one row`);
    seen.set(key, line);
    const options = {};
    OPTION_COLUMNS.forEach(([column, id], index) => {
      const cell = optionCells[index] ?? '';
      if (cell !== '') options[id] = parseActionCode(cell, `${where} column "${column}"`);
    });
    return {
      where,
      tagText,
      name: normaliseName(name),
      match,
      retired: parseYesNo(retired, 'Retd.', where),
      inStdCompIOD: parseYesNo(inStdCompIOD, 'In Std. Comp. IOD', where),
      basic: parseActionCode(basic, `${where} column "Basic Prof."`),
      options,
    };
  });
}

function parseYesNo(cell, column, where) {
  if (cell === 'Y') return true;
  if (cell === 'N') return false;
  throw new Error(`${where}: column "${column}" is ${JSON.stringify(cell)}, expected Y or N; fix the row`);
}

/**
 * Keyword of each row from the dictionary: exact tags by tag, repeating ones by identical pattern.
 * null when the dictionary has none: private attributes, command-group tags (0000,xxxx) (PS3.7,
 * not PS3.6), attributes newer than the dictionary edition, and (50xx,xxxx) which PS3.6 splits
 * into separate curve attributes.
 */
export function keywordsByMatch(dictionary) {
  const keywords = new Map();
  for (const entry of [...dictionary.exact, ...dictionary.repeating]) {
    if (entry.keyword !== '') keywords.set(matchKey({ kind: 'tag', value: entry.value, mask: entry.mask }), entry.keyword);
  }
  return keywords;
}

/** @param {ConfidentialityRow[]} rows @param {Map<string, string>} keywords */
export function renderConfidentialityTable(rows, keywords) {
  const lines = rows.map((row) => {
    const keyword = keywords.get(matchKey(row.match));
    const match =
      row.match.kind === 'private'
        ? "{ kind: 'private' }"
        : `{ kind: 'tag', value: ${hexLiteral(row.match.value)}, mask: ${hexLiteral(row.match.mask)} }`;
    const options = Object.entries(row.options).map(([id, code]) => `${tsString(id)}: ${tsString(code)}`);
    return (
      `  { name: ${tsString(row.name)}, keyword: ${keyword === undefined ? 'null' : tsString(keyword)}, match: ${match}, ` +
      `retired: ${row.retired}, inStdCompIOD: ${row.inStdCompIOD}, basic: ${tsString(row.basic)}, ` +
      `options: {${options.length > 0 ? ` ${options.join(', ')} ` : ''}} },`
    );
  });
  return [
    generatedHeader({
      what: 'PS3.15 Table E.1-1, Application Level Confidentiality Profile Attributes.',
      source: TABLE_SOURCE,
      edition: TABLE_EDITION,
      checkedAgainst: `${PREVIOUS_TABLE_SOURCE} (edition ${PREVIOUS_TABLE_EDITION})`,
      generator: 'tools/generate/confidentiality-table.mjs',
    }),
    `export const TABLE_EDITION = ${tsString(TABLE_EDITION)};`,
    '',
    `export type ActionCode = ${ACTION_CODES.map(tsString).join(' | ')};`,
    '',
    `export type TableOptionId = ${OPTION_COLUMNS.map(([, id]) => tsString(id)).join(' | ')};`,
    '',
    '/** One row of Table E.1-1; match.mask is 0xFFFFFFFF for exact tags, narrower for (60xx,3000) and the like. */',
    'export interface ConfidentialityRow {',
    '  readonly name: string;',
    '  /** PS3.6 keyword; null for private attributes, command-group tags and attributes newer than the dictionary. */',
    '  readonly keyword: string | null;',
    "  readonly match: { readonly kind: 'tag'; readonly value: number; readonly mask: number } | { readonly kind: 'private' };",
    '  readonly retired: boolean;',
    '  readonly inStdCompIOD: boolean;',
    '  readonly basic: ActionCode;',
    '  readonly options: Readonly<Partial<Record<TableOptionId, ActionCode>>>;',
    '}',
    '',
    'export const CONFIDENTIALITY_TABLE: readonly ConfidentialityRow[] = [',
    ...lines,
    '];',
    '',
  ].join('\n');
}

export async function generateConfidentialityTable(repoRoot) {
  const rows = parseConfidentialityCsv(await readFile(join(repoRoot, TABLE_SOURCE), 'utf8'));
  const problems = crossCheckTables(rows, await readPreviousTable(repoRoot));
  if (problems.length > 0) {
    throw new Error(
      `${TABLE_SOURCE} disagrees with ${PREVIOUS_TABLE_SOURCE}:\n  ${problems.join('\n  ')}\n` +
        'Check each row against the text of PS3.15 Table E.1-1 and correct the wrong source (see docs/standard-data.md).',
    );
  }
  const keywords = keywordsByMatch(await readDictionary(repoRoot));
  await writeGenerated(repoRoot, TABLE_OUTPUT, renderConfidentialityTable(rows, keywords));
  return { output: TABLE_OUTPUT, rows: rows.length };
}
