import { ATTRIBUTES, DICTIONARY_EDITION, REPEATING_ATTRIBUTES } from '../src/generated/dictionary.js';
import { SOP_CLASSES } from '../src/generated/sop-classes.js';
import { parseDictionary } from '../../../tools/generate/dictionary.mjs';
import { parseTagPattern } from '../../../tools/generate/tag-pattern.mjs';

const exactEntry = (tag: number) => ATTRIBUTES.find(([candidate]) => candidate === tag);
const repeatingKeywords = (tag: number) =>
  REPEATING_ATTRIBUTES.filter(([value, mask]) => ((tag & mask) >>> 0) === value).map(([, , , keyword]) => keyword);

describe('generated data dictionary (PS3.6 2024b)', () => {
  it('holds every entry of the source, exact tags and repeating patterns apart', () => {
    expect(DICTIONARY_EDITION).toBe('2024b');
    expect(ATTRIBUTES).toHaveLength(5041);
    expect(REPEATING_ATTRIBUTES).toHaveLength(88);
    expect(new Set(ATTRIBUTES.map(([tag]) => tag)).size).toBe(ATTRIBUTES.length);
    const keywords = ATTRIBUTES.map(([, , keyword]) => keyword).filter((keyword) => keyword !== '');
    expect(new Set(keywords).size).toBe(keywords.length);
  });

  it('copies tag, VR, keyword, VM and retired flag', () => {
    expect(exactEntry(0x00100010)).toEqual([0x00100010, 'PN', 'PatientName', '1', false]);
    expect(exactEntry(0x00280106)).toEqual([0x00280106, 'US or SS', 'SmallestImagePixelValue', '1', false]);
    expect(exactEntry(0x00080001)).toEqual([0x00080001, 'UL', 'LengthToEnd', '1', true]);
    expect(exactEntry(0x00180061)).toEqual([0x00180061, 'DS', '', '1', true]);
  });

  it("gives items and delimiters VR '' instead of PS3.6's 'See Note 2'", () => {
    expect(exactEntry(0xfffee000)).toEqual([0xfffee000, '', 'Item', '1', false]);
    expect(exactEntry(0xfffee0dd)?.[1]).toBe('');
    expect(ATTRIBUTES.filter(([, vr]) => vr.includes('Note'))).toEqual([]);
  });

  it('matches repeating groups on even groups and repeating elements on any element', () => {
    expect(repeatingKeywords(0x60023000)).toEqual(['OverlayData']);
    expect(repeatingKeywords(0x60013000)).toEqual([]);
    expect(repeatingKeywords(0x501e0005)).toEqual(['CurveDimensions']);
    expect(repeatingKeywords(0x00203105)).toEqual(['SourceImageIDs']);
    expect(repeatingKeywords(0x10001233)).toEqual(['HuffmanTableTriplet']);
    expect(repeatingKeywords(0x10101234)).toEqual(['ZonalMap']);
  });

  it('leaves exact entries that also fit a pattern in ATTRIBUTES, which callers must consult first', () => {
    expect(exactEntry(0x7fe00010)?.[2]).toBe('PixelData');
    expect(repeatingKeywords(0x7fe00010)).toEqual(['VariablePixelData']);
  });
});

describe('dictionary generator', () => {
  const entry = { tag: '(0010,0010)', keyword: 'PatientName', valueRepresentation: 'PN', valueMultiplicity: '1', retired: 'N' };

  it('reads tags with x digits as value and mask', () => {
    expect(parseTagPattern('(0010,0010)')).toEqual({ value: 0x00100010, mask: 0xffffffff });
    expect(parseTagPattern('(60xx,3000)')).toEqual({ value: 0x60003000, mask: 0xff01ffff });
    expect(parseTagPattern('(50XX,XXXX)')).toEqual({ value: 0x50000000, mask: 0xff010000 });
    expect(parseTagPattern('(1000,XXX2)')).toEqual({ value: 0x10000002, mask: 0xffff000f });
    expect(parseTagPattern('(0010,0010) (0010,0020)')).toBeUndefined();
  });

  it('rejects an unknown VR, naming the entry and what to do', () => {
    expect(() => parseDictionary([entry, { ...entry, tag: '(0010,0020)', valueRepresentation: 'XY' }], 'attributes.json')).toThrow(
      /attributes\.json entry 1 \(\(0010,0020\)\): unknown VR "XY"; .*KNOWN_VRS/,
    );
  });

  it('rejects a tag listed twice', () => {
    expect(() => parseDictionary([entry, entry], 'attributes.json')).toThrow(/entry 1 \(\(0010,0010\)\): the tag is listed twice/);
  });
});

describe('generated SOP classes', () => {
  it('lists the 175 SOP classes of 2024b once each', () => {
    expect(SOP_CLASSES).toHaveLength(175);
    expect(new Set(SOP_CLASSES.map(([uid]) => uid)).size).toBe(175);
    expect(SOP_CLASSES).toContainEqual(['1.2.840.10008.5.1.4.1.1.2', 'CT Image Storage']);
  });
});
