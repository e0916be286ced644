import { readFileSync } from 'node:fs';
import { CONFIDENTIALITY_TABLE, TABLE_EDITION, type ConfidentialityRow } from '../src/generated/confidentiality-table.js';
import { TCIA_PRIVATE_TAGS } from '../src/generated/tcia-private-tags.js';
import { IOD_ATTRIBUTE_TYPES } from '../src/generated/iod-attribute-types.js';
import { attributeType, isKnownSopClass } from '../src/iod/attribute-types.js';
import { lookupPrivateDisposition, signatureOf } from '../src/private-tags/knowledge-base.js';
import { parseConfidentialityCsv } from '../../../tools/generate/confidentiality-table.mjs';
import { crossCheckTables, parseInnoliticsTable } from '../../../tools/generate/confidentiality-crosscheck.mjs';
import { distinctEntries, parseTciaCsv } from '../../../tools/generate/tcia-private-tags.mjs';

const readData = (path: string): string => readFileSync(new URL(`../../../data/${path}`, import.meta.url), 'utf8');
const tableCsv = readData('ps3.15/table-e1-1-2025c.csv');
const previousTable = JSON.parse(readData('ps3.15/table-e1-1-2024b-innolitics.json')) as unknown;
const tciaCsv = readData('private-tags/tcia-private-tag-kb-2024-02-01.csv');

function rowsMatching(tag: number): ConfidentialityRow[] {
  return CONFIDENTIALITY_TABLE.filter((row) => row.match.kind === 'tag' && ((tag & row.match.mask) >>> 0) === row.match.value);
}

function onlyRowFor(tag: number): ConfidentialityRow {
  const rows = rowsMatching(tag);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('confidentiality table (PS3.15 Table E.1-1)', () => {
  it('holds all 649 rows of edition 2025c with the Basic Profile codes of the source', () => {
    expect(TABLE_EDITION).toBe('2025c');
    expect(CONFIDENTIALITY_TABLE).toHaveLength(649);
    const counts: Record<string, number> = {};
    for (const row of CONFIDENTIALITY_TABLE) counts[row.basic] = (counts[row.basic] ?? 0) + 1;
    expect(counts).toEqual({ X: 411, D: 92, U: 55, Z: 42, 'X/D': 22, 'X/Z': 11, 'X/Z/D': 8, 'Z/D': 6, 'X/Z/U*': 2 });
  });

  it('knows the identifying attributes and their options', () => {
    expect(onlyRowFor(0x00100010)).toMatchObject({ name: "Patient's Name", keyword: 'PatientName', basic: 'Z', options: {} });
    expect(onlyRowFor(0x00080050)).toMatchObject({ name: 'Accession Number', keyword: 'AccessionNumber', basic: 'Z' });
    expect(onlyRowFor(0x00101010)).toMatchObject({
      keyword: 'PatientAge',
      basic: 'X',
      options: { 'retain-patient-characteristics': 'K' },
    });
    expect(onlyRowFor(0x00080020).options).toEqual({
      'retain-longitudinal-full-dates': 'K',
      'retain-longitudinal-modified-dates': 'C',
    });
    expect(onlyRowFor(0x0020000d)).toMatchObject({ basic: 'U', options: { 'retain-uids': 'K' } });
    expect(onlyRowFor(0x00081140)).toMatchObject({ name: 'Referenced Image Sequence', basic: 'X/Z/U*' });
  });

  it('matches repeating groups on even groups only', () => {
    const curve = onlyRowFor(0x50220010);
    expect(curve).toMatchObject({ name: 'Curve Data', keyword: null, retired: true, options: { 'clean-graphics': 'C' } });
    expect(onlyRowFor(0x50003000)).toBe(curve);
    expect(rowsMatching(0x50230010)).toEqual([]);
    expect(onlyRowFor(0x60023000)).toMatchObject({ name: 'Overlay Data', keyword: 'OverlayData' });
    expect(rowsMatching(0x60013000)).toEqual([]);
  });

  it('keeps the private attributes row, the retired flag of 2025c and footnote-free names', () => {
    const privateRows = CONFIDENTIALITY_TABLE.filter((row) => row.match.kind === 'private');
    expect(privateRows).toEqual([
      expect.objectContaining({ name: 'Private Attributes', keyword: null, basic: 'X', options: { 'retain-safe-private': 'C' } }),
    ]);
    expect(onlyRowFor(0x00102160)).toMatchObject({ name: 'Ethnic Group', keyword: 'EthnicGroup', retired: true });
    expect(onlyRowFor(0x00880200).name).toBe('Icon Image Sequence');
    expect(onlyRowFor(0x00001000)).toMatchObject({ name: 'Affected SOP Instance UID', keyword: null });
  });
});

describe('confidentiality table generator', () => {
  const current = parseConfidentialityCsv(tableCsv);
  const previous = parseInnoliticsTable(previousTable);

  it('finds the 2025c and 2024b sources in agreement', () => {
    expect(previous).toHaveLength(621);
    expect(crossCheckTables(current, previous)).toEqual([]);
  });

  it('reports a planted Basic Profile disagreement with the tag and both values', () => {
    const planted = current.map((row) => (row.tagText === '(0010,0010)' ? { ...row, basic: 'X' } : row));
    expect(crossCheckTables(planted, previous)).toEqual([
      expect.stringMatching(/^\(0010,0010\) Patient's Name: Basic Profile is X in .*line \d+.* but Z in .*entry \d+/),
    ]);
  });

  it('reports a planted option disagreement and a missing row', () => {
    const planted = current
      .filter((row) => row.tagText !== '(0008,0050)')
      .map((row) => (row.tagText === '(0010,1010)' ? { ...row, options: {} } : row));
    const problems = crossCheckTables(planted, previous);
    expect(problems).toHaveLength(2);
    expect(problems).toContainEqual(expect.stringMatching(/^\(0010,1010\) Patient's Age: Rtn\. Pat\. Chars\. Opt\. is \(none\) .* but K /));
    expect(problems).toContainEqual(expect.stringMatching(/^\(0008,0050\) Accession Number: .* missing from the current table/));
  });

  it('rejects an unknown action code, naming the line', () => {
    const broken = tableCsv.replace('Accession Number,"(0008,0050)",N,Y,Z,', 'Accession Number,"(0008,0050)",N,Y,Q,');
    expect(() => parseConfidentialityCsv(broken)).toThrow(/line 2 \(\(0008,0050\) Accession Number\).*"Q"/);
  });

  it('rejects a cell with two tags, naming the line', () => {
    const broken = tableCsv.replace('"(0008,0050)"', '"(0008,0050) (0008,0051)"');
    expect(() => parseConfidentialityCsv(broken)).toThrow(/line 2 .*is not one \(gggg,eeee\) tag/);
  });
});

describe('TCIA private tag knowledge base', () => {
  const kbRows = parseTciaCsv(tciaCsv);

  it('builds, for every KB row, the same signature as the generator wrote', () => {
    // 8,787 data rows: the last line has no line break, so `wc -l` shows one less.
    expect(kbRows).toHaveLength(8787);
    const generated = new Set(TCIA_PRIVATE_TAGS.map(([signature]) => signature));
    const mismatches = kbRows.filter((row) => signatureOf(row.steps) !== row.signature || !generated.has(row.signature));
    expect(mismatches).toEqual([]);
    expect(TCIA_PRIVATE_TAGS).toHaveLength(distinctEntries(kbRows).length);
  });

  it('finds a private element by its creator whatever the block byte, padding or missing quote', () => {
    // line 1651: "(0019,HOLOGIC, Inc."",05)",Unknown,IS, k
    expect(lookupPrivateDisposition([{ group: 0x0019, element: 0x1105, creator: 'HOLOGIC, Inc. ' }], 'IS')).toEqual({
      disposition: 'k',
      vr: 'IS',
    });
    expect(lookupPrivateDisposition([{ group: 0x0019, element: 0x1105, creator: 'HOLOGIC' }])).toBeUndefined();
  });

  it('finds an element nested in a public sequence', () => {
    // lines 2 and 3: the second has lost the quote before the creator
    const admittingDiagnoses = { group: 0x0008, element: 0x1084 };
    const creator = 'Ramsoft Diagnosis Datetime Identifier';
    expect(lookupPrivateDisposition([admittingDiagnoses, { group: 0x312f, element: 0x1010, creator }])).toEqual({ disposition: 'd', vr: 'DA' });
    expect(lookupPrivateDisposition([admittingDiagnoses, { group: 0x312f, element: 0x1020, creator }])).toEqual({ disposition: 'd', vr: 'TM' });
    expect(lookupPrivateDisposition([{ group: 0x312f, element: 0x1020, creator }])).toBeUndefined();
  });

  it('finds a public element nested in a private sequence, and empty creators', () => {
    // line 5546: "(0089,DIDI TO PCR 1.1"",10)[<0>](0028,0101)",...,US,D
    const stampSequence = { group: 0x0089, element: 0x1010, creator: 'DIDI TO PCR 1.1' };
    expect(lookupPrivateDisposition([stampSequence, { group: 0x0028, element: 0x0101 }])).toEqual({ disposition: 'd', vr: 'US' });
    // line 8287: "(5653,,14)[<0>](5653,"",11)",...,OB,d
    const orphanSequence = { group: 0x5653, element: 0x1014, creator: '' };
    expect(lookupPrivateDisposition([orphanSequence, { group: 0x5653, element: 0x1011, creator: '' }])).toEqual({ disposition: 'd', vr: 'OB' });
  });

  it('answers per VR where TCIA decided per VR, and removes when its rows disagree', () => {
    // lines 273-274: Batch Description kept as LO, deleted when seen as UN
    const batchDescription = [{ group: 0x0009, element: 0x1037, creator: 'GEMS_PETD_01' }];
    expect(lookupPrivateDisposition(batchDescription, 'LO')).toEqual({ disposition: 'k', vr: 'LO' });
    expect(lookupPrivateDisposition(batchDescription, 'UN')).toEqual({ disposition: 'd', vr: 'UN' });
    expect(lookupPrivateDisposition(batchDescription)).toEqual({ disposition: 'd', vr: 'LO' });
    // lines 7021 and 7023: the two spellings of the Philips creator disagree for LO
    const hardcopyProtocol = [{ group: 0x2005, element: 0x1018, creator: 'philips mr imaging dd 001' }];
    expect(lookupPrivateDisposition(hardcopyProtocol, 'LO')).toEqual({ disposition: 'd', vr: 'LO' });
    // lines 6997-6999: both spellings keep Window Width
    expect(lookupPrivateDisposition([{ group: 0x2005, element: 0x1010, creator: 'PHILIPS MR IMAGING DD 001' }], 'DS')).toEqual({
      disposition: 'k',
      vr: 'DS',
    });
  });

  it('rejects a pattern it cannot read, naming the line', () => {
    const header = 'element_sig_pattern,tag_name,vr,private_disposition';
    expect(() => parseTciaCsv(`${header}\n"(0009,GEIIS"",10)",ok,SQ,d\n"(0009,GEIIS"",1x)",bad,LO,k`, 'kb.csv')).toThrow(
      /kb\.csv line 3: step "\(0009,GEIIS\\",1x\)" is neither/,
    );
  });

  it("turns a blank disposition into 'na'", () => {
    // line 752: "(0011,GEMS_GENIE_1"",61)",Image Size,SL,
    expect(lookupPrivateDisposition([{ group: 0x0011, element: 0x1061, creator: 'GEMS_GENIE_1' }])).toEqual({ disposition: 'na', vr: 'SL' });
  });
});

describe('attribute Types per IOD (PS3.3 module tables)', () => {
  const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
  const MR_IMAGE = '1.2.840.10008.5.1.4.1.1.4';
  const ENHANCED_MR = '1.2.840.10008.5.1.4.1.1.4.1';
  const tag = (group: number, element: number) => (group * 0x10000 + element) >>> 0;

  it('answers at the top level from the modules of the SOP class\'s IOD', () => {
    expect(attributeType(CT_IMAGE, [], tag(0x0008, 0x0008))).toBe('1'); // Image Type, CT Image module
    expect(attributeType(CT_IMAGE, [], tag(0x0008, 0x0090))).toBe('2'); // Referring Physician's Name, General Study
    expect(attributeType(CT_IMAGE, [], tag(0x0008, 0x0070))).toBe('2'); // Manufacturer, General Equipment
    expect(attributeType(CT_IMAGE, [], tag(0x0008, 0x1030))).toBe('3'); // Study Description
    expect(attributeType(MR_IMAGE, [], tag(0x0018, 0x1250))).toBe('3'); // Receive Coil Name, MR Image module
    expect(attributeType(MR_IMAGE, [], tag(0x0018, 0x0020))).toBe('1'); // Scanning Sequence
    expect(attributeType(CT_IMAGE, [], tag(0x0018, 0x0020))).toBe('3'); // ... which the CT Image IOD does not have
    expect(attributeType(MR_IMAGE, [], tag(0x0010, 0x2298))).toBe('1C'); // Responsible Person Role
  });

  it('answers in sequence items from every table that defines the sequence, macros included', () => {
    expect(attributeType(CT_IMAGE, [tag(0x0008, 0x2218)], tag(0x0008, 0x0104))).toBe('1'); // Code Meaning, Code Sequence Macro
    expect(attributeType(CT_IMAGE, [tag(0x0008, 0x2218)], tag(0x0008, 0x0103))).toBe('1C'); // Coding Scheme Version
    // Receive Coil Name in the MR Receive Coil functional group, reached through the Shared Functional Groups Sequence.
    expect(attributeType(ENHANCED_MR, [tag(0x5200, 0x9229), tag(0x0018, 0x9042)], tag(0x0018, 0x1250))).toBe('1C');
  });

  it('knows the storage SOP classes, and answers for a class it does not know with the strictest Type of any IOD', () => {
    expect([CT_IMAGE, MR_IMAGE, ENHANCED_MR, '1.2.840.10008.5.1.4.1.1.7', '1.2.840.10008.5.1.4.1.1.88.11'].every(isKnownSopClass)).toBe(true);
    expect(isKnownSopClass('1.2.840.10008.5.1.4.1.1.77.1.6')).toBe(false); // VL Whole Slide Microscopy, after the tables' edition
    expect(attributeType('1.2.840.10008.5.1.4.1.1.77.1.6', [], tag(0x0018, 0x0020))).toBe('1');
    expect(IOD_ATTRIBUTE_TYPES.length).toBeGreaterThan(60);
  });
});
