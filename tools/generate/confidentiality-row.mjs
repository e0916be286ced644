// What a row of PS3.15 Table E.1-1 is, independent of the file it comes from: its tag (or the
// private-attributes row), its name, and its action codes. Shared by the 2025c CSV reader and the
// 2024b cross-check so that both sources are read with the same rules.

import { hexLiteral, parseTagPattern } from './tag-pattern.mjs';

/** Every code the table uses; "X/Z/U*" keeps the asterisk, which points to the note on UIDs. */
export const ACTION_CODES = ['D', 'Z', 'X', 'K', 'C', 'U', 'X/Z', 'X/D', 'X/Z/D', 'Z/D', 'X/Z/U*'];

/** Option columns of Table E.1-1 in the order of the standard, with the id the engine uses. */
export const OPTION_COLUMNS = [
  ['Rtn. Safe Priv. Opt.', 'retain-safe-private'],
  ['Rtn. UIDs Opt.', 'retain-uids'],
  ['Rtn. Dev. Id. Opt.', 'retain-device-identity'],
  ['Rtn. Inst. Id. Opt.', 'retain-institution-identity'],
  ['Rtn. Pat. Chars. Opt.', 'retain-patient-characteristics'],
  ['Rtn. Long. Full Dates Opt.', 'retain-longitudinal-full-dates'],
  ['Rtn. Long. Modif. Dates Opt.', 'retain-longitudinal-modified-dates'],
  ['Clean Desc. Opt.', 'clean-descriptors'],
  ['Clean Struct. Cont. Opt.', 'clean-structured-content'],
  ['Clean Graph. Opt.', 'clean-graphics'],
];

const PRIVATE_ROW_TAG = '(gggg,eeee) where gggg is odd';
const FOOTNOTE_REFERENCE = /\s*\(see note \d+\)$/i;

/**
 * @typedef {{ kind: 'tag', value: number, mask: number } | { kind: 'private' }} RowMatch
 * @typedef {{ where: string, tagText: string, name: string, match: RowMatch, basic: string,
 *   options: Record<string, string> }} ProfileRow  the part of a row both sources carry
 */

/** The attribute name without footnote references ("Icon Image Sequence (see Note 11)") and with single spaces. */
export function normaliseName(name) {
  return name.replace(/\s+/g, ' ').trim().replace(FOOTNOTE_REFERENCE, '');
}

/**
 * "(gggg,eeee) where gggg is odd" is the row for all private attributes; anything else must be
 * exactly one tag, possibly with x digits.
 * @returns {RowMatch}
 */
export function parseRowMatch(tagText, where) {
  if (tagText.replace(/\s+/g, ' ').trim().toLowerCase() === PRIVATE_ROW_TAG) return { kind: 'private' };
  const tag = parseTagPattern(tagText);
  if (tag === undefined) throw new Error(`${where}: tag ${JSON.stringify(tagText)} is not one (gggg,eeee) tag; fix the row`);
  return { kind: 'tag', ...tag };
}

/** Identity of a row across editions and sources. */
export function matchKey(match) {
  return match.kind === 'private' ? 'private' : `${hexLiteral(match.value)}/${hexLiteral(match.mask)}`;
}

export function parseActionCode(code, where) {
  const trimmed = code.trim();
  if (!ACTION_CODES.includes(trimmed)) {
    throw new Error(`${where}: action code ${JSON.stringify(code)} is not one of ${ACTION_CODES.join(' ')}; fix the row`);
  }
  return trimmed;
}
