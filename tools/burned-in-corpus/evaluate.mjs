// Measures burned-in text cleaning on the corpus of generate.mjs, through the engine as a user runs it
// (ps3.15-basic with --option clean-pixel-data, and without the option):
//   - planted words OCR reads in the image before cleaning, and still reads after (target 0);
//   - images kept (target all); samples changed outside the planted text boxes (target < 2% of the image);
//   - controls (the same images without text) written with byte-identical Pixel Data (target all);
//   - without clean-pixel-data: images with text withheld with a reason naming the option, controls kept.
// OCR reads each planted box with context, turned as the text was planted, enlarged: the most favourable reading.
//
//   node tools/burned-in-corpus/evaluate.mjs [<out-dir>]     (generates the corpus first; prints the figures)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { concatChunks, parseDicom, PIXEL_DATA } from '@deid-share/dicom';
import { createEngine, loadProfile } from '@deid-share/engine';
import { closeTextFinder, decodeFrames, describeImage, findText, renderGrey, turned } from '@deid-share/pixels';
import { CASES, generateBurnedInCorpus } from './generate.mjs';

const CONTEXT = 12;

function engine(options) {
  const profile = loadProfile('ps3.15-basic');
  const secret = new Uint8Array(32).fill(7);
  return createEngine({ profile, extraOptions: options, secret, jobId: 'burned-in' });
}

function normalised(text) {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function distance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** A planted word counts as read when OCR returns it with at most one wrong character in four (exactly, up to 3 characters). */
export function isRead(word, readWords) {
  const target = normalised(word);
  const allowed = target.length <= 3 ? 0 : Math.floor(target.length / 4);
  return readWords.some((read) => {
    const candidate = normalised(read);
    if (candidate.includes(target)) return true;
    return distance(candidate, target) <= allowed;
  });
}

async function decodedFile(bytes) {
  const file = parseDicom(bytes);
  const image = describeImage(file.dataset);
  const decoded = await decodeFrames(file.dataset, file.transferSyntaxUID, image, 'evaluated image');
  return { file, ...decoded };
}

/** The words OCR reads in a planted text's box (with context, turned back upright), frame by frame. */
async function wordsIn(decoded, text, turn) {
  const { image, frames, file } = decoded;
  const read = [];
  for (const number of text.frames) {
    const grey = renderGrey(frames[number - 1], image, file.dataset, 'evaluated image');
    const x0 = Math.max(0, text.box.x - CONTEXT);
    const y0 = Math.max(0, text.box.y - CONTEXT);
    const x1 = Math.min(image.columns, text.box.x + text.box.width + CONTEXT);
    const y1 = Math.min(image.rows, text.box.y + text.box.height + CONTEXT);
    const crop = { width: x1 - x0, height: y1 - y0, pixels: new Uint8Array((x1 - x0) * (y1 - y0)) };
    for (let y = y0; y < y1; y++) crop.pixels.set(grey.pixels.subarray(y * image.columns + x0, y * image.columns + x1), (y - y0) * crop.width);
    const upright = turned(crop, turn === 90 ? 270 : turn === 270 ? 90 : 0);
    for (const word of await findText(upright, upright.height < 40 ? 3 : 1)) read.push(word.text);
  }
  return read;
}

function inside(boxes, x, y) {
  return boxes.some((box) => x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height);
}

/** Samples changed outside the planted boxes, as a share of the image's pixels (all frames). */
function changedOutside(before, after, texts) {
  const { image } = before;
  const bytesPerPixel = (image.bitsAllocated / 8) * image.samplesPerPixel;
  let changed = 0;
  before.frames.forEach((frame, index) => {
    const boxes = texts.filter((text) => text.frames.includes(index + 1)).map((text) => text.box);
    const other = after.frames[index];
    for (let pixel = 0; pixel < image.rows * image.columns; pixel++) {
      const x = pixel % image.columns;
      const y = Math.floor(pixel / image.columns);
      if (inside(boxes, x, y)) continue;
      for (let b = 0; b < bytesPerPixel; b++) {
        if (frame[pixel * bytesPerPixel + b] !== other[pixel * bytesPerPixel + b]) {
          changed++;
          break;
        }
      }
    }
  });
  return changed / (image.rows * image.columns * before.frames.length);
}

/** Runs the measurements on the named cases of the corpus in `dir` (truth from generate.mjs). */
export async function evaluateBurnedIn(dir, truth, names = truth.map((entry) => entry.name)) {
  const cleaning = engine(['clean-pixel-data']);
  const screeningOnly = engine([]);
  const rows = [];
  for (const entry of truth.filter((candidate) => names.includes(candidate.name))) {
    const spec = CASES.find((candidate) => candidate.name === entry.name);
    const input = await readFile(join(dir, entry.file));
    const controlInput = await readFile(join(dir, entry.control));
    const before = await decodedFile(input);
    const row = { name: entry.name, words: 0, readBefore: 0, readAfter: 0, kept: false, changedOutside: NaN, controlIdentical: false, withheldWithout: false, controlKeptWithout: false, reason: '' };
    const cleaned = await cleaning.deidentify(input);
    const after = cleaned.status === 'ok' ? await decodedFile(concatChunks(cleaned.output)) : undefined;
    row.kept = cleaned.status === 'ok';
    if (!row.kept) row.reason = cleaned.reason;
    for (const text of entry.texts) {
      const turn = spec.texts.find((planted) => planted.text === text.text)?.turn ?? 0;
      const readBefore = await wordsIn(before, text, turn);
      const readAfter = after ? await wordsIn(after, text, turn) : [];
      for (const word of text.text.split(' ')) {
        row.words++;
        if (isRead(word, readBefore)) row.readBefore++;
        if (isRead(word, readAfter)) row.readAfter++;
      }
    }
    if (after) row.changedOutside = changedOutside(before, after, entry.texts);
    const control = await cleaning.deidentify(controlInput);
    if (control.status === 'ok') {
      const original = parseDicom(controlInput).dataset.get(PIXEL_DATA).value;
      const written = parseDicom(concatChunks(control.output)).dataset.get(PIXEL_DATA).value;
      row.controlIdentical = Buffer.compare(Buffer.from(original), Buffer.from(written)) === 0;
    }
    const without = await screeningOnly.deidentify(input);
    row.withheldWithout = without.status === 'withheld' && without.reason.includes('clean-pixel-data');
    row.controlKeptWithout = (await screeningOnly.deidentify(controlInput)).status === 'ok';
    rows.push(row);
  }
  await closeTextFinder();
  return rows;
}

export function summary(rows) {
  const sum = (key) => rows.reduce((total, row) => total + row[key], 0);
  const count = (key) => rows.filter((row) => row[key]).length;
  return {
    images: rows.length,
    words: sum('words'),
    readBefore: sum('readBefore'),
    readAfter: sum('readAfter'),
    kept: count('kept'),
    maxChangedOutside: Math.max(...rows.map((row) => row.changedOutside)),
    controlsIdentical: count('controlIdentical'),
    withheldWithout: count('withheldWithout'),
    controlsKeptWithout: count('controlKeptWithout'),
  };
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const dir = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'deid-share-burned-in-')));
  const started = performance.now();
  const truth = await generateBurnedInCorpus(dir);
  const rows = await evaluateBurnedIn(dir, truth);
  console.log('| image | planted words | read before | read after | kept | changed outside boxes | control identical | withheld without option | control kept without |\n|---|---:|---:|---:|---|---:|---|---|---|');
  for (const row of rows) {
    console.log(`| ${row.name} | ${row.words} | ${row.readBefore} | ${row.readAfter} | ${row.kept ? 'yes' : `no: ${row.reason}`} | ${(100 * row.changedOutside).toFixed(2)}% | ${row.controlIdentical ? 'yes' : 'NO'} | ${row.withheldWithout ? 'yes' : 'NO'} | ${row.controlKeptWithout ? 'yes' : 'NO'} |`);
  }
  console.log(JSON.stringify(summary(rows)));
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (!process.argv[2]) await rm(dir, { recursive: true, force: true });
}
