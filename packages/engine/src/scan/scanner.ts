import { formatTagPath, makeTag, stringValue, visitElements, type DataSet } from '@deid-share/dicom';
import type { IdentifierSet } from '../transform/identifiers.js';
import type { ScanExceptions } from './exceptions.js';
import type { ScanFinding } from './finding.js';
import { identifiersIn } from './identifier-match.js';
import { patternsIn } from './patterns.js';
import { isPlaceholder, mayNameAPerson } from './person-names.js';
import { scannedText } from './scanned-text.js';

const MIME_TYPE_OF_ENCAPSULATED_DOCUMENT = makeTag(0x0042, 0x0012);

export interface ScanContext {
  /** The original instance's identifiers; absent when only the de-identified file is at hand (the scan command). */
  readonly identifiers?: IdentifierSet;
  /** Values written as pseudonyms (Patient ID, Patient's Name, Issuer of Patient ID): not names, not PHI. */
  readonly pseudonyms: ReadonlySet<string>;
  readonly exceptions?: ScanExceptions;
}

/**
 * The second stage's check of a de-identified data set: every remaining text value at every depth (private
 * elements, sequences, SR content, encapsulated documents) is searched for the original's identifiers, for
 * patterns that identify anyone (dates written out, phone numbers, e-mail, national ID numbers) and for person
 * names that are neither pseudonyms nor placeholders. Findings a profile documents as exceptions are left out.
 */
export function scanForResidualPhi(dataset: DataSet, context: ScanContext): ScanFinding[] {
  const findings = new Map<string, ScanFinding>();
  const add = (finding: ScanFinding): void => {
    const key = `${finding.path} ${finding.kind}`;
    if (!findings.has(key) && !context.exceptions?.allows(finding)) findings.set(key, finding);
  };
  const documentMimeType = stringValue(dataset, MIME_TYPE_OF_ENCAPSULATED_DOCUMENT) ?? '';
  visitElements(dataset, (visited) => {
    const scanned = scannedText(visited, documentMimeType);
    if (!scanned || scanned.text.trim() === '' || context.pseudonyms.has(scanned.text.trim())) return;
    // Most values hold nothing: the path is written only for a finding.
    const found = (kind: ScanFinding['kind'], how: string): void => add({ path: formatTagPath(visited.path), kind, how });
    if (scanned.identifiers && context.identifiers) {
      for (const identifier of identifiersIn(scanned.text, context.identifiers)) {
        if (!isPlaceholder(identifier.text)) found(identifier.kind, 'value of the original instance');
      }
    }
    if (scanned.patterns) for (const match of patternsIn(scanned.text)) found(match.kind, match.name);
    if (scanned.personName && mayNameAPerson(scanned.text, context.pseudonyms)) found('person-name', 'a name that is not a pseudonym or placeholder');
  });
  return [...findings.values()];
}
