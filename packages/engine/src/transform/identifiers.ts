import { characterSetOf, makeTag, textOf, type DataSet, type Tag } from '@deid-share/dicom';

/** Attributes whose values identify the patient or the people and places around them; their text is scrubbed from descriptors. */
const IDENTIFYING_ATTRIBUTES: readonly Tag[] = [
  makeTag(0x0010, 0x0010), // Patient's Name
  makeTag(0x0010, 0x0020), // Patient ID
  makeTag(0x0010, 0x1000), // Other Patient IDs
  makeTag(0x0010, 0x1001), // Other Patient Names
  makeTag(0x0010, 0x1005), // Patient's Birth Name
  makeTag(0x0010, 0x1060), // Patient's Mother's Birth Name
  makeTag(0x0010, 0x0030), // Patient's Birth Date
  makeTag(0x0010, 0x1040), // Patient's Address
  makeTag(0x0010, 0x2154), // Patient's Telephone Numbers
  makeTag(0x0008, 0x0050), // Accession Number
  makeTag(0x0008, 0x0090), // Referring Physician's Name
  makeTag(0x0008, 0x1050), // Performing Physician's Name
  makeTag(0x0008, 0x1060), // Name of Physician(s) Reading Study
  makeTag(0x0008, 0x1070), // Operators' Name
  makeTag(0x0032, 0x1032), // Requesting Physician
  makeTag(0x0008, 0x0080), // Institution Name
  makeTag(0x0008, 0x0081), // Institution Address
  makeTag(0x0020, 0x0010), // Study ID
];

/** Latin name parts and IDs shorter than this would match inside ordinary words. */
const MIN_TOKEN_LENGTH = 3;
/** In ideographic and syllabic scripts one or two characters are a whole name (山田, 홍), so any length counts. */
const IDEOGRAPHIC_OR_SYLLABIC = /[\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]/u;

/** The identifying strings of one instance, gathered before any change, so that cleaning can find them in free text. */
export class IdentifierSet {
  readonly tokens: readonly string[];

  constructor(tokens: Iterable<string>) {
    const unique = new Set<string>();
    for (const token of tokens) {
      const trimmed = token.trim();
      if (trimmed.length >= MIN_TOKEN_LENGTH || (trimmed !== '' && IDEOGRAPHIC_OR_SYLLABIC.test(trimmed))) unique.add(trimmed.toLowerCase());
    }
    // Longest first, so "Anna Maria" is removed before "Anna".
    this.tokens = [...unique].sort((a, b) => b.length - a.length);
  }

  static fromDataSet(dataset: DataSet): IdentifierSet {
    const charset = characterSetOf(dataset);
    const tokens: string[] = [];
    for (const tag of IDENTIFYING_ATTRIBUTES) {
      const element = dataset.get(tag);
      if (!element) continue;
      const text = textOf(element, charset);
      tokens.push(text);
      // Person names: each component (family, given, ...) and each representation (alphabetic, ideographic, phonetic).
      for (const part of text.split(/[\\=^]/)) tokens.push(part);
      if (element.vr === 'DA') tokens.push(...dateSpellings(text));
    }
    return new IdentifierSet(tokens);
  }
}

/** A birth date turns up in free text as 19650412, 1965-04-12, 12.04.1965 or 12/04/1965. */
function dateSpellings(date: string): string[] {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
  if (!match) return [];
  const [, y, m, d] = match;
  return [`${y}-${m}-${d}`, `${d}.${m}.${y}`, `${d}/${m}/${y}`, `${m}/${d}/${y}`];
}
