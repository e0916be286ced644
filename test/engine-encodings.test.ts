/**
 * The engine on real files in the encodings that trip de-identifiers up: big endian, implicit VR, and names in
 * ISO 2022 IR 87 (Japanese) that a byte-level search for the romanised name would miss.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatChunks, encodeAscii, makeTag, parseDicom, stringValue, writeDicom, type DataSet } from '@deid-share/dicom';
import { createEngine, loadProfile, type InstanceResult } from '@deid-share/engine';
import { openStateStore } from '@deid-share/state';
import { corpusRoot } from './support/corpus.js';

const secret = new Uint8Array(32).fill(9);
const file = (path: string): Uint8Array => readFileSync(join(corpusRoot(), path));
const testFiles = 'pydicom/src/pydicom/data/test_files';

async function deidentify(bytes: Uint8Array, profileId = 'tcia'): Promise<Extract<InstanceResult, { status: 'ok' }>> {
  const profile = loadProfile(profileId);
  const store = await openStateStore(join(mkdtempSync(join(tmpdir(), 'deid-enc-')), 'state.sqlite'));
  const engine = createEngine({ profile, secret, jobId: 'enc', store: store.pseudonyms, siteId: 'S' });
  const result = await engine.deidentify(bytes);
  await store.close();
  if (result.status !== 'ok') throw new Error(`${result.status}: ${result.reason}`);
  return result;
}

const PIXEL_DATA = makeTag(0x7fe0, 0x0010);
const out = (result: { output: Uint8Array[] }): DataSet => parseDicom(concatChunks(result.output)).dataset;

test('big-endian input is written little endian with the same pixel values as the little-endian original', async () => {
  const fromBigEndian = out(await deidentify(file(`${testFiles}/MR_small_bigendian.dcm`)));
  const fromLittleEndian = out(await deidentify(file(`${testFiles}/MR_small.dcm`)));
  expect(Buffer.from(fromBigEndian.get(PIXEL_DATA)!.value)).toEqual(Buffer.from(fromLittleEndian.get(PIXEL_DATA)!.value));
  expect(stringValue(fromBigEndian, makeTag(0x0008, 0x0018))).toBe(stringValue(fromLittleEndian, makeTag(0x0008, 0x0018)));
  expect(stringValue(fromBigEndian, makeTag(0x0010, 0x0010))).toBe(stringValue(fromLittleEndian, makeTag(0x0010, 0x0010)));
  expect(fromBigEndian.get(makeTag(0x0028, 0x0010))!.value).toEqual(fromLittleEndian.get(makeTag(0x0028, 0x0010))!.value);
});

test('implicit VR input gives the same de-identified header as the explicit VR original', async () => {
  const implicit = out(await deidentify(file(`${testFiles}/MR_small_implicit.dcm`)));
  const explicit = out(await deidentify(file(`${testFiles}/MR_small.dcm`)));
  for (const tag of [0x00080018, 0x0020000d, 0x00100010, 0x00100020, 0x00080020, 0x00280030]) {
    expect(stringValue(implicit, tag)).toBe(stringValue(explicit, tag));
  }
  expect(implicit.get(PIXEL_DATA)!.vr).toBe('OW');
});

test('a Japanese name in ISO 2022 IR 87 is replaced, and its kanji are scrubbed from descriptors too', async () => {
  const { dataset } = parseDicom(file('pydicom/src/pydicom/data/charset_files/chrH31.dcm'));
  // The charset sample is a synthetic secondary capture with no burned-in text: say so, so it is not withheld.
  dataset.set({ tag: makeTag(0x0028, 0x0301), vr: 'CS', value: encodeAscii('NO', 'CS') });
  // "山田 CT" in ISO 2022 IR 87: ESC $ B, JIS X 0208 bytes for 山田, ESC ( B, then ASCII.
  const yamadaJis = Uint8Array.of(0x1b, 0x24, 0x42, 0x3b, 0x33, 0x45, 0x44, 0x1b, 0x28, 0x42);
  dataset.set({ tag: makeTag(0x0008, 0x103e), vr: 'LO', value: Uint8Array.from([...yamadaJis, 0x20, 0x43, 0x54]) });
  const input = concatChunks(writeDicom(dataset, { transferSyntaxUID: '1.2.840.10008.1.2.1', implementationClassUID: '1.2.3', implementationVersionName: 'T' }));

  const result = out(await deidentify(input));
  const bytes = Buffer.from(concatChunks(writeDicom(result, { transferSyntaxUID: '1.2.840.10008.1.2.1', implementationClassUID: '1.2.3', implementationVersionName: 'T' })));
  expect(stringValue(result, makeTag(0x0010, 0x0010))).toMatch(/^TCIA-S-\d{4}$/);
  expect(bytes.includes(Buffer.from(yamadaJis.subarray(3, 7)))).toBe(false);
  expect(bytes.includes(Buffer.from('Yamada'))).toBe(false);
  expect(stringValue(result, makeTag(0x0008, 0x0005))).toBe('\\ISO 2022 IR 87');
  expect(stringValue(result, makeTag(0x0008, 0x103e))).not.toContain('CT\u0000');
});
