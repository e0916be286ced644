import { isDutchBsn, isFrenchNir, isNhsNumber, isSpanishDniOrNie, isSwedishPersonnummer } from './national-ids.js';

export type PatternKind = 'date-in-text' | 'phone-number' | 'e-mail' | 'national-id';

/** A shape of text that identifies whoever it belongs to, whatever the original instance held. See docs/scanner.md. */
interface TextPattern {
  readonly kind: PatternKind;
  /** Named in findings, so a reviewer knows what matched without seeing the value. */
  readonly name: string;
  readonly regex: RegExp;
  /** A further check on the match (a checksum, a plausible day and month, a digit count). */
  readonly valid?: (match: string) => boolean;
}

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const YEAR = '(?:1[89]|20)\\d{2}';

const digitCount = (text: string): number => text.replace(/\D/g, '').length;

/** Day and month in either order (12/04/1965 in Europe, 04/12/1965 in the US): one must be a month, both valid days. */
function plausibleDayMonth(match: string): boolean {
  const [first, second] = match.split(/[-/.]/).map(Number);
  return first! >= 1 && second! >= 1 && first! <= 31 && second! <= 31 && (first! <= 12 || second! <= 12);
}

const TEXT_PATTERNS: readonly TextPattern[] = [
  { kind: 'date-in-text', name: 'year-month-day date', regex: new RegExp(`\\b${YEAR}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\\d|3[01])\\b`, 'g') },
  { kind: 'date-in-text', name: 'day-month-year date', regex: new RegExp(`\\b\\d{1,2}[-/.]\\d{1,2}[-/.]${YEAR}\\b`, 'g'), valid: plausibleDayMonth },
  { kind: 'date-in-text', name: 'date with a two-digit year', regex: /\b\d{1,2}([/-])\d{1,2}\1\d{2}\b/g, valid: plausibleDayMonth },
  { kind: 'date-in-text', name: 'DICOM-style date (YYYYMMDD)', regex: /\b(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\b/g },
  { kind: 'date-in-text', name: 'date with a month name', regex: new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?[ -]${MONTH}[ ,-]*${YEAR}\\b|\\b${MONTH} \\d{1,2}(?:st|nd|rd|th)?,? ${YEAR}\\b`, 'gi') },
  { kind: 'e-mail', name: 'e-mail address', regex: /\b[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b(?![:\w])/gi },
  { kind: 'phone-number', name: 'international phone number', regex: /(?<![\w+])\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){2,4}\b/g, valid: (match) => digitCount(match) >= 9 && digitCount(match) <= 15 },
  { kind: 'phone-number', name: 'North American phone number', regex: /(?:\(\d{3}\)\s?|\b\d{3}[-.])\d{3}[-.]\d{4}\b/g },
  { kind: 'phone-number', name: 'national phone number with trunk prefix 0', regex: /\b0\d{1,4}[\s/-]\d{3,4}[\s-]?\d{2,4}\b/g, valid: (match) => digitCount(match) >= 9 && digitCount(match) <= 12 },
  { kind: 'phone-number', name: 'labelled phone number', regex: /\b(?:tel|phone|fax|telefon|telephone|t[ée]l[ée]phone|t[ée]l)\.?\s*:?\s*\+?[\d\s()./-]{6,}\d/gi, valid: (match) => digitCount(match) >= 6 },
  { kind: 'national-id', name: 'US social security number', regex: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  { kind: 'national-id', name: 'UK NHS number', regex: /\b\d{3}[ -]\d{3}[ -]\d{4}\b/g, valid: isNhsNumber },
  { kind: 'national-id', name: 'Swedish personnummer', regex: /\b(?:\d{2})?\d{6}[-+]\d{4}\b/g, valid: isSwedishPersonnummer },
  { kind: 'national-id', name: 'French NIR', regex: /\b[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}\b/gi, valid: isFrenchNir },
  { kind: 'national-id', name: 'Spanish DNI/NIE', regex: /\b(?:\d{8}|[XYZ]-?\d{7})-?[A-Z]\b/g, valid: isSpanishDniOrNie },
  { kind: 'national-id', name: 'Italian codice fiscale', regex: /\b[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z]\b/g },
  { kind: 'national-id', name: 'Dutch BSN (labelled)', regex: /\b(?:BSN|burgerservicenummer)\s*:?\s*\d{9}\b/gi, valid: isDutchBsn },
];

export interface PatternMatch {
  readonly kind: PatternKind;
  readonly name: string;
}

/**
 * Version-control stamps ("$Id: datadefs,v 5.27 2004/10/18 06:50:00 … $") date the software, not the patient; an
 * LO value often cuts them off before the closing "$", so they end there or at the end of the value.
 */
const VERSION_CONTROL_STAMP = /\$(?:Id|Date|Header|Revision|Source):[^$\\]*\$?/g;

/** Every pattern that matches somewhere in the text (each at most once). */
export function patternsIn(text: string): PatternMatch[] {
  const found: PatternMatch[] = [];
  // Every pattern needs a digit or an "@": most descriptors have neither.
  if (!/[\d@]/.test(text)) return found;
  const searched = text.replace(VERSION_CONTROL_STAMP, ' ');
  for (const pattern of TEXT_PATTERNS) {
    const matches = searched.match(pattern.regex) ?? [];
    if (matches.some((match) => pattern.valid?.(match) ?? true)) found.push({ kind: pattern.kind, name: pattern.name });
  }
  return found;
}

/**
 * The text with every match of every pattern erased: action C on free text removes what the scan would find, so a
 * cleaned descriptor passes the scan.
 */
export function erasePatterns(text: string): string {
  let erased = text;
  for (const pattern of TEXT_PATTERNS) erased = erased.replace(pattern.regex, (match) => (pattern.valid?.(match) ?? true ? '' : match));
  return erased;
}
