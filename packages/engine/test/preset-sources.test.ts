/**
 * The presets against the two documents they are built from (data/sources/): every cited statement is where the
 * preset says it is, and each corrected rule is tested under the statement it implements.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { concatChunks, isPrivateTag, parseDicom, tagForKeyword, writeDicom, type DataSet } from '@deid-share/dicom';
import { builtinProfileIds, loadProfile, parseProfile } from '@deid-share/engine';
import { expectOk, TEST_SECRET, testEngine } from './support/engine.js';
import { ctInstance, dataSetOf, fileOf } from './support/instance.js';

const D41 = '003_72d7abc7f90c3fd8.txt';
const PAPER = '000_a616b3b2c86e6d80.txt';

const sourceLines = (file: string): string[] => readFileSync(new URL(`../../../data/sources/${file}`, import.meta.url), 'utf8').split('\n');
/** Flattened PDF text breaks lines and words anywhere: compare letters and digits only. */
const letters = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

function cited(citation: string): string {
  const [file, lines] = citation.split(':') as [string, string];
  const [first, last = first] = lines.split('-').map(Number) as [number, number?];
  return sourceLines(file).slice(first - 1, last).join(' ');
}

async function deidentified(profile: string, extra: Parameters<typeof ctInstance>[0] = {}): Promise<DataSet> {
  const { engine, close } = await testEngine({ profile });
  const result = expectOk(await engine.deidentify(fileOf(ctInstance(extra))));
  await close();
  return parseDicom(concatChunks(result.output)).dataset;
}

const text = (dataset: DataSet, keyword: string): string | undefined => {
  const element = dataset.get(tagForKeyword(keyword)!);
  return element && new TextDecoder().decode(element.value).replace(/[\0 ]+$/, '');
};

describe('every preset cites its sources', () => {
  test.each(builtinProfileIds())('%s: each rule has a source statement found at the cited lines, or is marked as the project\'s choice', (id) => {
    const sources = loadProfile(id).profile.sources ?? [];
    expect(sources.length).toBeGreaterThan(0);
    for (const note of sources) {
      if ('cites' in note) expect(letters(cited(note.cites))).toContain(letters(note.says));
      else expect(note.choice.length).toBeGreaterThan(20);
    }
  });

  test('a citation whose statement is not at that line is caught', () => {
    expect(letters(cited(`${D41}:201`))).not.toContain(letters('all dates are set to the current date'));
    expect(letters(cited(`${D41}:202`))).toContain(letters('all dates are set to the current date'));
  });
});

describe('health-ri-strict', () => {
  test(`"retains data elements such as series description which would be deleted under the Basic profile" (${D41}:202)`, async () => {
    const output = await deidentified('health-ri-strict', { SeriesDescription: 'AX T1 post' });
    expect(text(output, 'SeriesDescription')).toBe('AX T1 post');
    const basic = await deidentified('ps3.15-basic', { SeriesDescription: 'AX T1 post' });
    expect(basic.has(tagForKeyword('SeriesDescription')!)).toBe(false);
  });

  test(`"all dates are set to the current date" (${D41}:202)`, async () => {
    // testEngine de-identifies on 2026-01-02.
    const output = await deidentified('health-ri-strict', { StudyDate: '20230115', SeriesDate: '20230116' });
    expect(text(output, 'StudyDate')).toBe('20260102');
    expect(text(output, 'SeriesDate')).toBe('20260102');
  });

  test('a fixed date instead of the current one is a profile setting', async () => {
    const preset = loadProfile('health-ri-strict').profile;
    const { engine, close } = await testEngine({ profileJson: { ...preset, id: 'health-ri-fixed', dates: { ...preset.dates, cleaning: 'fixed', fixedDate: '20000101' } } });
    const output = parseDicom(concatChunks(expectOk(await engine.deidentify(fileOf(ctInstance()))).output)).dataset;
    await close();
    expect(text(output, 'StudyDate')).toBe('20000101');
  });

  test(`"Key patient attributes (age, size, weight) and study specific attributes (e.g., whether contrast is used) are removed" (${D41}:202)`, async () => {
    const output = await deidentified('health-ri-strict', { PatientAge: '058Y', PatientSize: '1.80', PatientWeight: '80', ContrastBolusAgent: 'Iomeron 400' });
    for (const keyword of ['PatientAge', 'PatientSize', 'PatientWeight']) expect(output.has(tagForKeyword(keyword)!)).toBe(false);
    // Emptied, not removed: Contrast/Bolus Agent is Type 2 in its module.
    expect(text(output, 'ContrastBolusAgent')).toBe('');
  });

  test(`"All private data elements are removed" (${D41}:202)`, async () => {
    const output = await deidentified('health-ri-strict');
    expect(output.sorted().filter((element) => isPrivateTag(element.tag) && element.tag >>> 16 !== 0x0013)).toEqual([]);
  });
});

describe('procancer-i', () => {
  test(`"The second step (whitelisting) ensured that only specific DICOM tags were preserved" (${PAPER}:343-345): no private element leaves, not even an emptied one without its creator`, async () => {
    // The preset before this rule was corrected: safe private elements kept by the first stage, then the whitelist.
    const preset = loadProfile('procancer-i').profile;
    const { engine, close } = await testEngine({ profileJson: { ...preset, id: 'with-safe-private', options: [...preset.options, 'retain-safe-private'] } });
    const instance = dataSetOf(ctInstance());
    // GEMS_PARM_01 (0043,xx01) is "k" in TCIA's private tag knowledge base: the first stage keeps it and its creator.
    instance.set({ tag: 0x00430010, vr: 'LO', value: new TextEncoder().encode('GEMS_PARM_01') });
    instance.set({ tag: 0x00431001, vr: 'SS', value: new Uint8Array(0) });
    instance.set({ tag: 0x00431002, vr: 'SS', value: new Uint8Array([1, 0]) });
    const file = concatChunks(writeDicom(instance, { transferSyntaxUID: '1.2.840.10008.1.2.1', implementationClassUID: '1.2.3', implementationVersionName: 'TEST' }));
    const output = parseDicom(concatChunks(expectOk(await engine.deidentify(file)).output)).dataset;
    await close();
    const privateGroups = output.sorted().filter((element) => isPrivateTag(element.tag)).map((element) => element.tag >>> 16);
    // Only deid-share's own provenance block, with its creator.
    expect(new Set(privateGroups)).toEqual(new Set([0x0013]));
    expect(preset.options).not.toContain('retain-safe-private');
  });

  test(`"PCa followed by a hash string generated from the site ID and the original patient ID" (${PAPER}:303-309)`, async () => {
    const output = await deidentified('procancer-i');
    expect(text(output, 'PatientID')).toMatch(/^PCa[0-9a-f]{32}$/);
  });
});

describe('eucanimage', () => {
  const hmacSha512_256 = (key: Uint8Array, patientId: string): string => createHmac('sha512-256', key).update(patientId, 'utf8').digest('hex');

  test('the published test vector (docs/pseudonyms.md) is HMAC-SHA-512/256 computed by node:crypto alone', () => {
    const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
    expect(hmacSha512_256(key, 'PAT-0001')).toBe('bfdca1b271f6d6f0dcfaf9495157cfb33d21fba054d951c17da74095ee935a79');
  });

  test(`"SHA-2 512/256 … inputs the patientID … and a hex encoded 64-character string"; the output "represents the subject ID" (${D41}:188)`, async () => {
    const output = await deidentified('eucanimage', { PatientID: 'MRN-12345 ' });
    const expected = hmacSha512_256(TEST_SECRET, 'MRN-12345');
    expect(text(output, 'PatientID')).toBe(expected);
    expect(expected).toHaveLength(64);
  });
});

describe('primage', () => {
  test(`"generates a new code, following a specific structure for local IDs" (${PAPER}:311-314)`, async () => {
    const output = await deidentified('primage');
    expect(text(output, 'PatientID')).toMatch(/^PRI-SITE1-\d{5}$/);
  });
});

describe('chaimeleon', () => {
  test(`"randomly generated and linked" / "no table of correspondence is kept" (${PAPER}:284-289): the eCRF variant keeps linkage, the images-only variant none`, () => {
    expect(loadProfile('chaimeleon-ecrf').profile.pseudonym.scheme).toBe('random-linked');
    expect(loadProfile('chaimeleon').profile.pseudonym.scheme).toBe('random-unlinked');
  });
});

describe('whitelists', () => {
  test.each([
    ['PatientAge', /PatientAge.*action X/],
    ['AccessionNumber', /AccessionNumber.*action Z/],
    ['(0029,1010)', /private attributes never survive/],
  ])('an entry the first stage already removes, empties or makes a dummy is refused: %s', (entry, message) => {
    const profile = { ...loadProfile('health-ri-strict').profile, id: 'mine', secondStage: { title: 'mine', keep: ['Modality', entry] } };
    expect(() => parseProfile(JSON.stringify(profile), 'mine.json')).toThrow(message);
  });
});
