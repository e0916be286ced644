// False positives of the burned-in text screen on the real images of test/corpus whose header gives no reason to
// expect text (CT, MR, PT, NM, CR, DX, RF, MG; not secondary captures; Burned In Annotation not YES): how many
// frames the screen marks for OCR, and how many images the engine then masks (OCR confirmed "text"), listed so a
// person can look at them.
//
//   node tools/burned-in-corpus/false-positives.mjs
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concatChunks, makeTag, parseDicom, PIXEL_DATA, stringValue } from '@deid-share/dicom';
import { createEngine, loadProfile } from '@deid-share/engine';
import { brightnessOf, closeTextFinder, decodeFrames, describeImage, screenFrame } from '@deid-share/pixels';

const corpus = join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), 'test', 'corpus');
const MODALITIES = new Set(['CT', 'MR', 'PT', 'NM', 'CR', 'DX', 'RF', 'MG']);
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';

function manifestPaths(text) {
  return text.split('\n').slice(1).filter(Boolean).map((row) => (row.startsWith('"') ? row.slice(1, row.indexOf('"', 1)) : row.split(',')[0]));
}

const profile = loadProfile('ps3.15-basic');
const engine = createEngine({ profile, extraOptions: ['clean-pixel-data'], secret: new Uint8Array(32).fill(5), jobId: 'false-positives' });
const totals = { images: 0, frames: 0, framesMarked: 0, imagesMarked: 0, imagesMasked: 0, screenMs: 0 };
const masked = [];
for (const path of manifestPaths(await readFile(join(corpus, 'MANIFEST.csv'), 'utf8'))) {
  let file;
  try {
    file = parseDicom(await readFile(join(corpus, path)));
  } catch {
    continue;
  }
  const { dataset } = file;
  const modality = (stringValue(dataset, makeTag(0x0008, 0x0060)) ?? '').toUpperCase();
  const sopClass = stringValue(dataset, makeTag(0x0008, 0x0016)) ?? '';
  const burnedIn = (stringValue(dataset, makeTag(0x0028, 0x0301)) ?? '').toUpperCase();
  if (!dataset.has(PIXEL_DATA) || !MODALITIES.has(modality) || sopClass.startsWith(SECONDARY_CAPTURE) || burnedIn === 'YES') continue;
  let decoded;
  try {
    decoded = await decodeFrames(dataset, file.transferSyntaxUID, describeImage(dataset), path, false);
  } catch {
    continue;
  }
  totals.images++;
  let marked = false;
  for (const frame of decoded.frames) {
    const values = brightnessOf(frame, decoded.image, dataset, path);
    const started = performance.now();
    const regions = screenFrame(values, decoded.image.columns, decoded.image.rows);
    totals.screenMs += performance.now() - started;
    totals.frames++;
    if (regions.length) {
      totals.framesMarked++;
      marked = true;
    }
  }
  if (marked) totals.imagesMarked++;
  const result = await engine.deidentify(concatChunks([await readFile(join(corpus, path))]));
  if (result.status === 'ok' && result.pixels?.masked.length) {
    totals.imagesMasked++;
    masked.push(`${path}: ${result.pixels.masked.join('; ')}`);
  }
}
await closeTextFinder();
console.log(JSON.stringify(totals));
console.log(`frames the screen marks: ${totals.framesMarked}/${totals.frames} (${((100 * totals.framesMarked) / totals.frames).toFixed(1)}%); images masked after OCR: ${totals.imagesMasked}/${totals.images}`);
for (const line of masked) console.log(`masked: ${line}`);
