/**
 * Burned-in text on the corpus's screen images (ultrasound and secondary captures, picked by looking at them):
 * OCR finds it, it is masked, OCR run again on the output finds none of it, and every pixel outside the masked
 * boxes is bit-identical to the input. A handful of images keeps OCR (about a second each) bounded.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { concatChunks, parseDicom, writeDicom } from '@deid-share/dicom';
import { cleanPixelData, closeTextFinder, findText, isBurnedInText, renderGrey, type DecodedImage } from '@deid-share/pixels';
import { corpusRoot } from './support/corpus.js';
import { compareMasked, interleavedFrames } from './support/pixel-frames.js';

const IMAGES: [what: string, path: string, expected: string[]][] = [
  ['Mindray US, RLE YBR_FULL, Burned In Annotation YES', 'orthanc-tests/Database/2023-04-21-RLEPlanarConfigurationYBR_FULL.dcm', ['CL-285BT-1811492', '01/01/1988', 'Reproductive']],
  ['ATL US, JPEG Baseline', 'orthanc-tests/Database/TransferSyntaxes/1.2.840.10008.1.2.4.50.dcm', ['MINIMUM', 'connlab']],
  ['GE US, JPEG 2000 lossless', 'pydicom-data/data_store/data/US1_J2KR.dcm', ['BAPTIST', 'LYMPH']],
  ['Philips US, native', 'pydicom-data/data_store/data/OBXXXX1A.dcm', ['Healthcare', '5/25/2011']],
];

afterAll(() => closeTextFinder());

/** Words that are text by the same test the cleaner applies, with at least three letters or digits. */
async function wordsIn(decoded: DecodedImage, dataset: Parameters<typeof renderGrey>[2]): Promise<string[]> {
  const grey = renderGrey(decoded.frames[0]!, decoded.image, dataset, 'test');
  const words = await findText(grey);
  return words.filter((word) => isBurnedInText(grey, word) && (word.text.match(/[\p{L}\p{N}]/gu) ?? []).length >= 3).map((word) => word.text);
}

test.each(IMAGES)('%s: text found, masked, not found again; the rest bit-identical', async (_what, path, expected) => {
  const bytes = readFileSync(join(corpusRoot(), path));
  const input = await interleavedFrames(parseDicom(bytes), path);
  const before = await wordsIn(input, parseDicom(bytes).dataset);
  expect(before).toEqual(expect.arrayContaining(expected));

  const file = parseDicom(bytes);
  const result = await cleanPixelData({ file, rules: [], declaredBurnedIn: false, policy: { onTextOutsideKnownRegions: 'mask' } });
  if (result.status !== 'cleaned') throw new Error(result.reason);
  expect(result.regions.every((line) => line.endsWith(': OCR'))).toBe(true);
  const written = parseDicom(concatChunks(writeDicom(file.dataset, { transferSyntaxUID: result.transferSyntaxUID, implementationClassUID: '2.25.1', implementationVersionName: 'TEST' })));
  const output = await interleavedFrames(written, path);

  const after = await wordsIn(output, written.dataset);
  expect(after.filter((word) => before.includes(word))).toEqual([]);
  expect(compareMasked(input, output, result.rects)).toMatchObject({ changedOutside: 0 });
  expect([output.image.rows, output.image.columns, output.frames.length]).toEqual([input.image.rows, input.image.columns, input.frames.length]);
});

test('text outside the known regions withholds the image when the profile says so, naming where, not what', async () => {
  const file = parseDicom(readFileSync(join(corpusRoot(), IMAGES[0]![1])));
  const result = await cleanPixelData({ file, rules: [], declaredBurnedIn: true, policy: { onTextOutsideKnownRegions: 'withhold' } });
  expect(result).toEqual({ status: 'withhold', reason: expect.stringMatching(/^burned-in text found outside the known regions \(\d+ box\(es\) in frame 1, the first at x=\d+ y=\d+ w=\d+ h=\d+\)/) });
  if (result.status === 'withhold') expect(result.reason).not.toMatch(/Belle|1811492|1988/);
});

test('OCR runs with the network unavailable: engine and English model come from node_modules', () => {
  // A separate process in a network namespace of its own: any download would fail there.
  const script = `
    import { findText, closeTextFinder } from '@deid-share/pixels';
    const width = 120, height = 40, pixels = new Uint8Array(width * height).fill(255);
    const words = await findText({ width, height, pixels });
    await closeTextFinder();
    console.log(JSON.stringify({ words: words.length }));`;
  const result = spawnSync('unshare', ['--net', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8', cwd: join(corpusRoot(), '../..'), timeout: 60_000 });
  expect(result.error).toBeUndefined();
  expect({ status: result.status, stderr: result.stderr.split('\n').filter((line) => /error|fetch|ENOTFOUND|EAI_AGAIN/i.test(line)) }).toEqual({ status: 0, stderr: [] });
  expect(JSON.parse(result.stdout.trim().split('\n').at(-1)!)).toEqual({ words: 0 });
});
