import { asciiOf, isPrivateCreatorTag, isPrivateTag, makeTag, textBytesOf, textOf, ValueTooLargeError, type VisitedElement } from '@deid-share/dicom';
import { PROVENANCE_CREATOR } from '../provenance/provenance.js';
import { documentText, printableRuns } from './document-text.js';

/** What the scanner reads in one element, and which checks apply to that text. */
export interface ScannedText {
  readonly text: string;
  readonly identifiers: boolean;
  readonly patterns: boolean;
  readonly personName: boolean;
}

const PATIENT_BIRTH_DATE = makeTag(0x0010, 0x0030);
const ENCAPSULATED_DOCUMENT = makeTag(0x0042, 0x0011);
/** Written by the engine itself (docs/provenance.md): method, codes, temporal flag. */
const PROVENANCE_ATTRIBUTES = new Set([makeTag(0x0012, 0x0062), makeTag(0x0012, 0x0063), makeTag(0x0012, 0x0064), makeTag(0x0028, 0x0303)]);

const FREE_TEXT_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'UC']);
const CODE_VRS = new Set(['AE', 'CS', 'UR']);
/** Code Value, Long Code Value, URN Code Value: codes of a coding scheme (SCPECG "5.6.3-9-1"), never free text. */
const CODE_VALUES = new Set([makeTag(0x0008, 0x0100), makeTag(0x0008, 0x0119), makeTag(0x0008, 0x0120)]);
/** Values that are all UIDs (four or more numeric components), where a component can look like a date. */
const UIDS = /^\s*\d+(\.\d+){3,}\s*(\\\s*\d+(\.\d+){3,}\s*)*$/;

function isProvenance({ path }: VisitedElement): boolean {
  const top = path[0]!;
  return (top.creator === undefined && PROVENANCE_ATTRIBUTES.has(makeTag(top.group, top.element))) || path.some((step) => step.creator === PROVENANCE_CREATOR);
}

function decoded({ element, charset }: VisitedElement): string {
  try {
    return textOf(element, charset);
  } catch (error) {
    if (error instanceof ValueTooLargeError) throw error;
    // A character set the decoder does not know: its ASCII bytes are still searched.
    return asciiOf(element);
  }
}

/**
 * The text of an element as the scanner reads it, or undefined for what holds no readable text (numbers, UIDs,
 * pixels, overlays) or what the engine wrote itself (provenance). Dates in DA/DT were handled by the table and are
 * not scanned, except Patient's Birth Date, which must not be the original's.
 */
export function scannedText(visited: VisitedElement, documentMimeType: string): ScannedText | undefined {
  const { element } = visited;
  if (element.vr === 'SQ' || isPrivateCreatorTag(element.tag) || isProvenance(visited)) return undefined;
  if (element.vr === 'PN') return { text: decoded(visited), identifiers: true, patterns: false, personName: true };
  if (FREE_TEXT_VRS.has(element.vr)) {
    const text = decoded(visited);
    return { text, identifiers: true, patterns: !CODE_VALUES.has(element.tag) && !UIDS.test(text.replace(/\0/g, '')), personName: false };
  }
  if (CODE_VRS.has(element.vr)) return { text: asciiOf(element), identifiers: true, patterns: false, personName: false };
  if (element.tag === PATIENT_BIRTH_DATE) return { text: asciiOf(element), identifiers: true, patterns: false, personName: false };
  if (element.tag === ENCAPSULATED_DOCUMENT) return { text: documentText(textBytesOf(element), documentMimeType), identifiers: true, patterns: true, personName: false };
  // Vendor blobs and values of unknown type: the original's identifiers are searched in their printable runs.
  if (element.vr === 'UN' || (isPrivateTag(element.tag) && (element.vr === 'OB' || element.vr === 'OW'))) {
    return { text: printableRuns(textBytesOf(element)), identifiers: true, patterns: false, personName: false };
  }
  return undefined;
}
