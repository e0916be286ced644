/**
 * The synthetic answer-keyed corpus: small DICOM instances with invented PHI planted where de-identifiers miss it
 * (sequences nested three deep, private blocks, SR text, overlays, elements after the pixel data, ISO 2022 / UTF-8 /
 * Latin-1 text, a sequence sent as UN, text burned into the pixels). Every value comes from a seeded generator.
 */
import { DataSet, encodeAscii, makeTag, sequenceElement, type Tag } from '@deid-share/dicom';
import type { BlankRegion, Outcome } from '../../packages/cli/src/evaluate/answer-key.js';
import { dataSetOf, type TestItem } from '../../packages/engine/test/support/instance.js';
import { implicitItems, latin1, ss, us, utf8, YAMADA, YAMADA_DESCRIPTION, YAMADA_PN } from './encodings.js';
import { identity, writtenDate, type Identity } from './identities.js';
import { burnText, gradientImage, overlayWithText, textBounds } from './pixels.js';
import type { SeededRandom } from './seeded-random.js';

export interface SyntheticInstance {
  readonly file: string;
  readonly dataset: DataSet;
  /** Whose PHI is planted (for "cleaned" expectations: none of it may remain). */
  readonly person: Identity;
  /** Extra strings planted that are not in the identity (names in other scripts). */
  readonly extraPhi: readonly string[];
  readonly outcome: readonly Outcome[];
  readonly blankRegions: readonly BlankRegion[];
  /**
   * Identifiers planted in attributes the first stage keeps, by tag path, and what the second stage must make of
   * each: what the profile's X/Z/D would do, by the attribute's Type in the IOD (PS3.3).
   */
  readonly residual?: Readonly<Record<string, 'removed' | 'emptied' | 'replaced'>>;
}

const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
const MR_IMAGE = '1.2.840.10008.5.1.4.1.1.4';
const BASIC_TEXT_SR = '1.2.840.10008.5.1.4.1.1.88.11';
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';

const uid = (random: SeededRandom): string => `2.25.${random.integer(1, 9)}${random.digits(36)}`;
const code = (value: string, meaning: string): TestItem => ({ CodeValue: value, CodingSchemeDesignator: 'DCM', CodeMeaning: meaning });

/** Patient, study and series attributes every instance carries, with the person's PHI in the usual places. */
function commonAttributes(random: SeededRandom, person: Identity, modality: string, sopClassUID: string): TestItem {
  return {
    SOPClassUID: sopClassUID,
    SOPInstanceUID: uid(random),
    StudyInstanceUID: uid(random),
    SeriesInstanceUID: uid(random),
    Modality: modality,
    PatientName: `${person.family}^${person.given}`,
    PatientID: person.patientId,
    PatientBirthDate: person.birthDate,
    PatientSex: random.pick(['F', 'M']),
    PatientAge: `0${random.integer(20, 79)}Y`,
    AccessionNumber: person.accession,
    StudyDate: person.studyDate,
    SeriesDate: person.studyDate,
    StudyTime: '101500',
    StudyID: `S${random.digits(5)}`,
    ReferringPhysicianName: `${person.staffFamily}^${person.staffGiven}`,
    InstitutionName: person.institution,
    Manufacturer: 'DEID-SHARE SYNTHETIC',
    SeriesNumber: '1',
    InstanceNumber: '1',
  };
}

/** An 8×8 (or larger) monochrome image: the image pixel module and its data. */
function image(width: number, height: number, bytes: 1 | 2, pixels = gradientImage(width, height, bytes)): TestItem {
  return {
    SamplesPerPixel: { vr: 'US', bytes: us(1) },
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: { vr: 'US', bytes: us(height) },
    Columns: { vr: 'US', bytes: us(width) },
    BitsAllocated: { vr: 'US', bytes: us(bytes * 8) },
    BitsStored: { vr: 'US', bytes: us(bytes === 1 ? 8 : 12) },
    HighBit: { vr: 'US', bytes: us(bytes === 1 ? 7 : 11) },
    PixelRepresentation: { vr: 'US', bytes: us(0) },
    PixelData: { vr: bytes === 1 ? 'OB' : 'OW', bytes: pixels },
  };
}

const ctImage = (random: SeededRandom, person: Identity): TestItem => ({
  ...commonAttributes(random, person, 'CT', CT_IMAGE),
  FrameOfReferenceUID: uid(random),
  ImageType: 'ORIGINAL\\PRIMARY\\AXIAL',
  ...image(8, 8, 2),
});

function nestedSequences(random: SeededRandom, person: Identity): TestItem {
  return {
    ...ctImage(random, person),
    StudyDescription: `CT thorax ${person.family}`,
    SeriesDescription: 'AX 1mm',
    // Three sequences deep: a protocol code, its context, and SR-style content naming the patient and staff.
    PerformedProtocolCodeSequence: [{
      ...code('P-001', 'Thorax protocol'),
      ProtocolContextSequence: [{
        ValueType: 'CONTAINER',
        ConceptNameCodeSequence: [code('121070', 'Findings')],
        ContentSequence: [{
          ValueType: 'TEXT',
          ConceptNameCodeSequence: [code('121071', 'Finding')],
          TextValue: `Patient ${person.given} ${person.family} seen on ${writtenDate(person.studyDate)}`,
          PersonName: `${person.staffFamily}^${person.staffGiven}`,
          PatientName: `${person.family}^${person.given}`,
          Date: person.studyDate,
        }],
      }],
    }],
  };
}

function privateBlocks(random: SeededRandom, person: Identity): DataSet {
  const dataset = dataSetOf({ ...commonAttributes(random, person, 'MR', MR_IMAGE), FrameOfReferenceUID: uid(random), ...image(8, 8, 2) });
  const lo = (tag: Tag, text: string): void => dataset.set({ tag, vr: 'LO', value: encodeAscii(text, 'LO') });
  // A known creator: element 04 is known safe (TCIA knowledge base "k"), element 02 is not ("d") and holds a name.
  lo(makeTag(0x0009, 0x0010), 'GEMS_IDEN_01');
  lo(makeTag(0x0009, 0x1004), 'SYNTHETIC PRODUCT 7');
  lo(makeTag(0x0009, 0x1002), `Suite ${person.family}`);
  // A creator nobody knows: everything in its block must go, the nested name included.
  lo(makeTag(0x0011, 0x0010), 'DEID-SHARE SYNTHETIC RESEARCH 1');
  lo(makeTag(0x0011, 0x1010), person.patientId);
  dataset.set(sequenceElement(makeTag(0x0011, 0x1011), [dataSetOf({ PatientName: `${person.family}^${person.given}`, PatientBirthDate: person.birthDate })]));
  return dataset;
}

function srReport(random: SeededRandom, person: Identity): TestItem {
  return {
    ...commonAttributes(random, person, 'SR', BASIC_TEXT_SR),
    ContentDate: person.studyDate,
    ContentTime: '103000',
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'VERIFIED',
    VerifyingObserverSequence: [{
      VerifyingObserverName: `${person.staffFamily}^${person.staffGiven}`,
      VerificationDateTime: `${person.studyDate}110000`,
      VerifyingOrganization: person.institution,
    }],
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [code('121060', 'History')],
    ContinuityOfContent: 'SEPARATE',
    ContentSequence: [
      {
        RelationshipType: 'CONTAINS',
        ValueType: 'TEXT',
        ConceptNameCodeSequence: [code('121071', 'Finding')],
        TextValue: `Findings for ${person.given} ${person.family} (born ${writtenDate(person.birthDate)}): call ${person.phone} or ${person.email}`,
      },
      { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'PNAME', ConceptNameCodeSequence: [code('121008', 'Person Observer Name')], PersonName: `${person.staffFamily}^${person.staffGiven}` },
      {
        RelationshipType: 'CONTAINS',
        ValueType: 'CONTAINER',
        ConceptNameCodeSequence: [code('121070', 'Findings')],
        ContentSequence: [{
          RelationshipType: 'CONTAINS',
          ValueType: 'CONTAINER',
          ConceptNameCodeSequence: [code('121070', 'Findings')],
          ContentSequence: [{ RelationshipType: 'CONTAINS', ValueType: 'TEXT', ConceptNameCodeSequence: [code('121071', 'Finding')], TextValue: `${person.family}: follow-up ${writtenDate(person.studyDate)}, accession ${person.accession}` }],
        }],
      },
    ],
  };
}

function overlay(random: SeededRandom, person: Identity): DataSet {
  const dataset = dataSetOf({ ...ctImage(random, person), ...image(16, 16, 2) });
  const group = (element: number): Tag => makeTag(0x6000, element);
  dataset.set({ tag: group(0x0010), vr: 'US', value: us(16) });
  dataset.set({ tag: group(0x0011), vr: 'US', value: us(16) });
  dataset.set({ tag: group(0x0022), vr: 'LO', value: encodeAscii(`Marker ${person.family}`, 'LO') });
  dataset.set({ tag: group(0x0040), vr: 'CS', value: encodeAscii('G', 'CS') });
  dataset.set({ tag: group(0x0050), vr: 'SS', value: ss(1, 1) });
  dataset.set({ tag: group(0x0100), vr: 'US', value: us(1) });
  dataset.set({ tag: group(0x0102), vr: 'US', value: us(0) });
  dataset.set({ tag: group(0x1500), vr: 'LO', value: encodeAscii(person.patientId, 'LO') });
  dataset.set({ tag: group(0x3000), vr: 'OW', value: overlayWithText(16, 16, person.family.slice(0, 3)) });
  return dataset;
}

/** Elements sorted after the pixel data (signatures, trailing padding) and the audit trail of earlier changes. */
function trailing(random: SeededRandom, person: Identity): DataSet {
  const dataset = dataSetOf({
    ...ctImage(random, person),
    OriginalAttributesSequence: [{
      AttributeModificationDateTime: `${person.studyDate}120000`,
      ModifyingSystem: 'SYNTHETIC RIS',
      SourceOfPreviousValues: person.institution,
      ReasonForTheAttributeModification: 'COERCE',
      ModifiedAttributesSequence: [{ PatientName: `${person.family}^${person.given}`, PatientID: person.patientId }],
    }],
    DigitalSignaturesSequence: [{
      MACIDNumber: { vr: 'US', bytes: us(1) },
      DigitalSignatureUID: uid(random),
      DigitalSignatureDateTime: `${person.studyDate}120500`,
      CertificateType: 'X509_1993_SIG',
      CertificateOfSigner: { vr: 'OB', bytes: latin1(`CN=${person.staffGiven} ${person.staffFamily}`) },
      Signature: { vr: 'OB', bytes: latin1(random.digits(32)) },
    }],
  });
  dataset.set({ tag: makeTag(0xfffc, 0xfffc), vr: 'OB', value: latin1(`${person.family}^${person.given} ${person.patientId}`) });
  return dataset;
}

/** Names outside ASCII, encoded in a character set's own bytes: the patient's name and a description that repeats it. */
interface ForeignText {
  readonly specificCharacterSet: string;
  readonly patientName: Uint8Array;
  readonly studyDescription: Uint8Array;
  /** The name parts as a reader decodes them, which cleaning must remove. */
  readonly phi: readonly string[];
}

const GREEK = { family: 'Παπαδόπουλος', given: 'Ελένη' };
const SPANISH = { family: 'Muñoz', given: 'José' };

const FOREIGN_TEXTS: Record<'iso2022' | 'utf8' | 'latin1', ForeignText> = {
  iso2022: { specificCharacterSet: '\\ISO 2022 IR 87', patientName: YAMADA_PN, studyDescription: YAMADA_DESCRIPTION, phi: [YAMADA.family, YAMADA.given] },
  utf8: { specificCharacterSet: 'ISO_IR 192', patientName: utf8(`${GREEK.family}^${GREEK.given}`), studyDescription: utf8(`MR ${GREEK.family}`), phi: [GREEK.family, GREEK.given] },
  latin1: { specificCharacterSet: 'ISO_IR 100', patientName: latin1(`${SPANISH.family}^${SPANISH.given}`), studyDescription: latin1(`TAC tórax ${SPANISH.given} ${SPANISH.family}`), phi: [SPANISH.family, SPANISH.given] },
};

function foreignText(random: SeededRandom, person: Identity, text: ForeignText): TestItem {
  return {
    ...ctImage(random, person),
    SpecificCharacterSet: text.specificCharacterSet,
    PatientName: { vr: 'PN', bytes: text.patientName },
    StudyDescription: { vr: 'LO', bytes: text.studyDescription },
  };
}

/** A public sequence and a private one, both sent as UN (implicit VR items inside an explicit VR file). */
function unSequence(random: SeededRandom, person: Identity): DataSet {
  const dataset = dataSetOf(ctImage(random, person));
  dataset.set({
    tag: makeTag(0x0040, 0x0275), // Request Attributes Sequence
    vr: 'UN',
    value: implicitItems([[
      [makeTag(0x0032, 0x1060), latin1(`CT for ${person.given} ${person.family}`)], // Requested Procedure Description
      [makeTag(0x0040, 0x1001), latin1(person.accession)], // Requested Procedure ID
    ]]),
  });
  dataset.set({ tag: makeTag(0x0029, 0x0010), vr: 'LO', value: encodeAscii('DEID-SHARE SYNTHETIC UN 1', 'LO') });
  dataset.set({ tag: makeTag(0x0029, 0x1010), vr: 'UN', value: implicitItems([[[makeTag(0x0010, 0x0010), latin1(`${person.family}^${person.given}`)]]]) });
  return dataset;
}

/**
 * An MR image whose identifiers sit where the table keeps values: the birth date in the alternative calendar
 * attribute, the Patient ID as its calendar and as the responsible person's role (as a public MR phantom series
 * has them), the family name as the receive coil, the manufacturer and a protocol code's meaning, a date as a
 * coding scheme version.
 */
function identifiersInKeptAttributes(random: SeededRandom, person: Identity): TestItem {
  return {
    ...commonAttributes(random, person, 'MR', MR_IMAGE),
    FrameOfReferenceUID: uid(random),
    ImageType: 'ORIGINAL\\PRIMARY\\OTHER',
    ...image(8, 8, 2),
    PatientBirthDateInAlternativeCalendar: person.birthDate,
    PatientAlternativeCalendar: person.patientId,
    ResponsiblePersonRole: person.patientId,
    Manufacturer: `${person.family} Imaging`,
    ReceiveCoilName: person.family.toUpperCase(),
    PerformedProtocolCodeSequence: [{ CodeValue: 'P-002', CodingSchemeDesignator: '99SYNTH', CodingSchemeVersion: person.studyDate, CodeMeaning: person.family }],
  };
}

/** Residual identifiers in identifiersInKeptAttributes and what becomes of them, by Type in the MR Image IOD. */
const KEPT_ATTRIBUTES_RESIDUAL = {
  '(0010,0033)': 'removed', // Type 3
  '(0010,0035)': 'removed', // Type 3 (1C in later editions, when (0010,0033) is present, which it no longer is)
  '(0010,2298)': 'removed', // Type 1C CS: no dummy fits; absent, as Responsible Person (0010,2297) is removed
  '(0008,0070)': 'emptied', // Type 2
  '(0018,1250)': 'removed', // Type 3
  '(0040,0260)[0].(0008,0103)': 'replaced', // Type 1C in the Code Sequence Macro: a dummy
  '(0040,0260)[0].(0008,0104)': 'replaced', // Type 1
} as const;

/** A study whose Patient ID is empty: kept, under a pseudonym of its own (docs/pseudonyms.md). */
const emptyPatientId = (random: SeededRandom, person: Identity): TestItem => ({ ...ctImage(random, person), PatientID: '' });

function burnedIn(random: SeededRandom, person: Identity): { dataset: DataSet; region: BlankRegion } {
  const width = 96;
  const text = `${person.family.toUpperCase().slice(0, 7)} ${person.birthDate.slice(0, 4)}`;
  const glyphs = textBounds(text, 2, 2, 2);
  const box = { x: glyphs.x, y: glyphs.y, width: glyphs.width + 4, height: glyphs.height + 4 };
  const pixels = gradientImage(width, 32, 1);
  burnText(pixels, width, box, text, 2);
  const dataset = dataSetOf({
    ...commonAttributes(random, person, 'OT', SECONDARY_CAPTURE),
    ConversionType: 'WSD',
    BurnedInAnnotation: 'YES',
    ...image(width, 32, 1, pixels),
  });
  return { dataset, region: { frame: 0, ...box } };
}

/** The corpus: one instance per hard place, each with its own invented person. */
export function syntheticInstances(random: SeededRandom): SyntheticInstance[] {
  const deidentified: readonly Outcome[] = ['de-identified'];
  const make = (file: string, build: (person: Identity) => DataSet | TestItem, extraPhi: readonly string[] = []): SyntheticInstance => {
    const person = identity(random);
    const built = build(person);
    return { file, dataset: built instanceof DataSet ? built : dataSetOf(built), person, extraPhi, outcome: deidentified, blankRegions: [] };
  };
  const burned = identity(random);
  const { dataset, region } = burnedIn(random, burned);
  return [
    make('nested-sequences.dcm', (person) => nestedSequences(random, person)),
    make('private-blocks.dcm', (person) => privateBlocks(random, person)),
    make('sr-report.dcm', (person) => srReport(random, person)),
    make('overlay.dcm', (person) => overlay(random, person)),
    make('trailing-elements.dcm', (person) => trailing(random, person)),
    make('charset-iso2022-ir87.dcm', (person) => foreignText(random, person, FOREIGN_TEXTS.iso2022), FOREIGN_TEXTS.iso2022.phi),
    make('charset-utf8.dcm', (person) => foreignText(random, person, FOREIGN_TEXTS.utf8), FOREIGN_TEXTS.utf8.phi),
    make('charset-latin1.dcm', (person) => foreignText(random, person, FOREIGN_TEXTS.latin1), FOREIGN_TEXTS.latin1.phi),
    make('un-sequence.dcm', (person) => unSequence(random, person)),
    { ...make('kept-attributes.dcm', (person) => identifiersInKeptAttributes(random, person)), residual: KEPT_ATTRIBUTES_RESIDUAL },
    make('empty-patient-id.dcm', (person) => emptyPatientId(random, person)),
    // Burned-in text: withholding it is right while no pixel cleaning applies; an output must have the box blank.
    { file: 'burned-in.dcm', dataset, person: burned, extraPhi: [], outcome: ['de-identified', 'withheld'], blankRegions: [region] },
  ];
}
