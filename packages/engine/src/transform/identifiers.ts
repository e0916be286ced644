import { characterSetOf, makeTag, rawTextOf, SPECIFIC_CHARACTER_SET, textOf, type DataSet, type Tag } from '@deid-share/dicom';

/** What an identifier is, for scan findings: reports name the kind, never the value. */
export type IdentifierKind =
  | 'patient-name'
  | 'patient-id'
  | 'birth-date'
  | 'address'
  | 'phone-number'
  | 'accession-number'
  | 'staff-name'
  | 'institution'
  | 'study-id';

/** Attributes whose values identify the patient or the people and places around them; their text is scrubbed from descriptors. */
const KIND_OF_ATTRIBUTE: ReadonlyMap<Tag, IdentifierKind> = new Map([
  [makeTag(0x0010, 0x0010), 'patient-name'], // Patient's Name
  [makeTag(0x0010, 0x0020), 'patient-id'], // Patient ID
  [makeTag(0x0010, 0x1000), 'patient-id'], // Other Patient IDs
  [makeTag(0x0010, 0x1001), 'patient-name'], // Other Patient Names
  [makeTag(0x0010, 0x1005), 'patient-name'], // Patient's Birth Name
  [makeTag(0x0010, 0x1060), 'patient-name'], // Patient's Mother's Birth Name
  [makeTag(0x0010, 0x0030), 'birth-date'], // Patient's Birth Date
  [makeTag(0x0010, 0x1040), 'address'], // Patient's Address
  [makeTag(0x0010, 0x2154), 'phone-number'], // Patient's Telephone Numbers
  [makeTag(0x0008, 0x0050), 'accession-number'], // Accession Number
  [makeTag(0x0008, 0x0090), 'staff-name'], // Referring Physician's Name
  [makeTag(0x0008, 0x0094), 'phone-number'], // Referring Physician's Telephone Numbers
  [makeTag(0x0008, 0x0092), 'address'], // Referring Physician's Address
  [makeTag(0x0008, 0x1048), 'staff-name'], // Physician(s) of Record
  [makeTag(0x0008, 0x1050), 'staff-name'], // Performing Physician's Name
  [makeTag(0x0008, 0x1060), 'staff-name'], // Name of Physician(s) Reading Study
  [makeTag(0x0008, 0x1070), 'staff-name'], // Operators' Name
  [makeTag(0x0032, 0x1032), 'staff-name'], // Requesting Physician
  [makeTag(0x0008, 0x0080), 'institution'], // Institution Name
  [makeTag(0x0008, 0x0081), 'institution'], // Institution Address: identifies the institution, not the patient
  [makeTag(0x0020, 0x0010), 'study-id'], // Study ID
]);
const IDENTIFYING_ATTRIBUTES: readonly Tag[] = [...KIND_OF_ATTRIBUTE.keys()];
/** Vendors' demonstration images give the vendor as the institution too: that names equipment, not a place of care. */
const MANUFACTURER = makeTag(0x0008, 0x0070);

/** Where a value splits into parts that identify on their own: PN components and representations, address lines. */
const PART_SEPARATORS: Partial<Record<IdentifierKind, RegExp>> = {
  'patient-name': /[\\=^]/,
  'staff-name': /[\\=^]/,
  address: /[\\=^,;\r\n]/,
  'patient-id': /\\/,
  'phone-number': /\\/,
};

export interface Identifier {
  /** Lower case, trimmed. */
  readonly text: string;
  readonly kind: IdentifierKind;
}

/** Latin name parts and IDs shorter than this would match inside ordinary words. */
const MIN_TOKEN_LENGTH = 3;
/** In ideographic and syllabic scripts one or two characters are a whole name (山田, 홍), so any length counts. */
const IDEOGRAPHIC_OR_SYLLABIC = /[\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]/u;

/** The identifying strings of one instance, gathered before any change, so that cleaning can find them in free text. */
export class IdentifierSet {
  /** Longest first, so "Anna Maria" is removed before "Anna"; one entry per text (the first attribute's kind). */
  readonly identifiers: readonly Identifier[];
  readonly tokens: readonly string[];

  constructor(identifiers: Iterable<Identifier>) {
    const unique = new Map<string, IdentifierKind>();
    for (const { text, kind } of identifiers) {
      const trimmed = text.trim().toLowerCase();
      const long = trimmed.length >= MIN_TOKEN_LENGTH || (trimmed !== '' && IDEOGRAPHIC_OR_SYLLABIC.test(trimmed));
      if (long && !unique.has(trimmed)) unique.set(trimmed, kind);
    }
    this.identifiers = [...unique].map(([text, kind]) => ({ text, kind })).sort((a, b) => b.text.length - a.text.length);
    this.tokens = this.identifiers.map((identifier) => identifier.text);
  }

  /** The raw bytes of the identifying attributes: equal keys give equal identifier sets, so the set can be cached per series. */
  static keyOf(dataset: DataSet): string {
    let key = '';
    for (const tag of [SPECIFIC_CHARACTER_SET, MANUFACTURER, ...IDENTIFYING_ATTRIBUTES]) {
      const element = dataset.get(tag);
      key += element ? `${tag}:${rawTextOf(element)}\u0000` : '';
    }
    return key;
  }

  static fromDataSet(dataset: DataSet): IdentifierSet {
    const charset = characterSetOf(dataset);
    const identifiers: Identifier[] = [];
    const manufacturer = dataset.get(MANUFACTURER);
    const vendor = manufacturer ? textOf(manufacturer, charset).trim().toLowerCase() : undefined;
    for (const [tag, kind] of KIND_OF_ATTRIBUTE) {
      const element = dataset.get(tag);
      if (!element) continue;
      const text = textOf(element, charset);
      identifiers.push({ text, kind });
      const separators = PART_SEPARATORS[kind];
      if (separators) for (const part of text.split(separators)) identifiers.push({ text: part, kind });
      if (element.vr === 'DA') for (const spelling of dateSpellings(text)) identifiers.push({ text: spelling, kind });
    }
    return new IdentifierSet(identifiers.filter((identifier) => identifier.text.trim().toLowerCase() !== vendor));
  }
}

/** A birth date turns up in free text as 19650412, 1965-04-12, 12.04.1965 or 12/04/1965. */
function dateSpellings(date: string): string[] {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
  if (!match) return [];
  const [, y, m, d] = match;
  return [`${y}-${m}-${d}`, `${d}.${m}.${y}`, `${d}/${m}/${y}`, `${m}/${d}/${y}`];
}
