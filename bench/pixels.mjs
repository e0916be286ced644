// `npm run bench` (after bench/engine.mjs): what clean-pixel-data costs, reported beside the engine's own speed.
//
//   1. OCR throughput on candidate images: the corpus's screen images with burned-in text (ultrasound and
//      secondary captures, every compressed syntax among them) cleaned one after another by cleanPixelData
//      (decode, OCR every frame, mask, re-encode); images/s and frames/s, OCR start-up reported apart.
//   2. The engine on a CT series (generated as in bench/engine.mjs), in memory: ps3.15-basic without and with
//      clean-pixel-data, round-robin, warm-up + median of 3. CT images need no pixel work, so the ratio should be
//      1 within noise: the option adds a header check and the region-rule signatures, never a decode. Every
//      output's Pixel Data is checked byte for byte against the input.
//
// Environment: BENCH_SLICES (default 300) for a quicker run.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concatChunks, parseDicom, PIXEL_DATA } from '@deid-share/dicom';
import { createEngine, loadProfile } from '@deid-share/engine';
import { cleanPixelData, closeTextFinder, describeImage, findText } from '@deid-share/pixels';
import { generateSeries } from './generate-series.mjs';

const SLICES = Number(process.env.BENCH_SLICES ?? 300);
const REPETITIONS = 3;
const MB = 1e6;
const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const corpus = join(repoRoot, 'test', 'corpus');

/** Candidate images with burned-in text, picked by looking at them (test/pixels-ocr.test.ts uses some of them). */
const CANDIDATES = [
  'orthanc-tests/Database/2023-04-21-RLEPlanarConfigurationYBR_FULL.dcm',
  'orthanc-tests/Database/TransferSyntaxes/1.2.840.10008.1.2.4.50.dcm',
  'orthanc-tests/Database/TransferSyntaxes/1.2.840.10008.1.2.1.dcm',
  'orthanc-tests/Database/Formats/jp2k91YBR-ICT.dcm',
  'pydicom-data/data_store/data/US1_J2KR.dcm',
  'pydicom-data/data_store/data/US1_J2KI.dcm',
  'pydicom-data/data_store/data/OBXXXX1A.dcm',
  'pydicom-data/data_store/data/OBXXXX1A_rle_2frame.dcm',
  'pydicom/src/pydicom/data/test_files/examples_rgb_color.dcm',
  'pydicom/src/pydicom/data/test_files/examples_palette.dcm',
  'pydicom/src/pydicom/data/test_files/examples_ybr_color.dcm',
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (value, digits = 1) => value.toFixed(digits);

async function ocrThroughput() {
  // Start-up: the OCR worker (WebAssembly engine + English model) is made once per process.
  let started = performance.now();
  await findText({ width: 8, height: 8, pixels: new Uint8Array(64).fill(255) });
  const startup = (performance.now() - started) / 1000;
  const rows = [];
  let frames = 0;
  started = performance.now();
  for (const path of CANDIDATES) {
    const file = parseDicom(await readFile(join(corpus, path)));
    const count = describeImage(file.dataset).frames;
    const t = performance.now();
    const result = await cleanPixelData({ file, rules: [], declaredBurnedIn: false, policy: { onTextOutsideKnownRegions: 'mask' } });
    if (result.status !== 'cleaned') throw new Error(`${path}: ${result.reason}`);
    rows.push({ path, frames: count, seconds: (performance.now() - t) / 1000, boxes: result.regions.length });
    frames += count;
  }
  const total = (performance.now() - started) / 1000;
  await closeTextFinder();
  return { startup, rows, total, frames };
}

async function engineThroughput() {
  const work = await mkdtemp(join(tmpdir(), 'deid-share-bench-pixels-'));
  try {
    process.stderr.write(`generating ${SLICES} CT slices…\n`);
    await generateSeries(join(work, 'series'), { slices: SLICES });
    const names = (await readdir(join(work, 'series'))).sort();
    const inputs = await Promise.all(names.map((name) => readFile(join(work, 'series', name))));
    const bytes = inputs.reduce((sum, input) => sum + input.length, 0);
    const secret = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
    const profile = loadProfile('ps3.15-basic');
    const engineWith = (extraOptions) => createEngine({ profile, extraOptions, secret, jobId: 'bench' });
    const contenders = [
      { label: 'ps3.15-basic', engine: engineWith([]) },
      { label: 'ps3.15-basic + clean-pixel-data', engine: engineWith(['clean-pixel-data']) },
    ];
    const seconds = new Map(contenders.map(({ label }) => [label, []]));
    let unchanged = 0;
    for (let round = 0; round <= REPETITIONS; round++) {
      for (const { label, engine } of contenders) {
        const t = performance.now();
        const outputs = [];
        for (const input of inputs) outputs.push(await engine.deidentify(input));
        const elapsed = (performance.now() - t) / 1000;
        if (round > 0) seconds.get(label).push(elapsed);
        if (round === REPETITIONS && label.includes('clean-pixel-data')) {
          outputs.forEach((result, i) => {
            if (result.status !== 'ok') throw new Error(`slice ${i}: ${result.status}: ${result.reason}`);
            const before = parseDicom(inputs[i]).dataset.get(PIXEL_DATA).value;
            const after = parseDicom(concatChunks(result.output)).dataset.get(PIXEL_DATA).value;
            if (Buffer.compare(Buffer.from(before), Buffer.from(after)) === 0) unchanged++;
          });
        }
      }
    }
    return { bytes, slices: inputs.length, seconds, unchanged };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const loadBefore = loadavg()[0];
const ocr = await ocrThroughput();
const engine = await engineThroughput();

console.log(`\n## clean-pixel-data (bench/pixels.mjs)\n`);
console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; load average ${fmt(loadBefore)} → ${fmt(loadavg()[0])}.\n`);
console.log('| candidate image | frames | seconds | boxes masked |\n|---|---:|---:|---:|');
for (const row of ocr.rows) console.log(`| \`${row.path}\` | ${row.frames} | ${fmt(row.seconds, 2)} | ${row.boxes} |`);
console.log(`\nOCR start-up (worker, engine and model, once per process): ${fmt(ocr.startup, 2)} s.`);
console.log(`Cleaning throughput (decode, OCR every frame, mask, re-encode): ${fmt(ocr.rows.length / ocr.total, 2)} images/s, ${fmt(ocr.frames / ocr.total, 2)} frames/s (${ocr.rows.length} images, ${ocr.frames} frames, ${fmt(ocr.total, 1)} s).\n`);
console.log(`| engine on ${engine.slices} CT slices (${fmt(engine.bytes / MB)} MB), in memory | median s | MB/s | runs (s) |\n|---|---:|---:|---|`);
const rates = [];
for (const [label, runs] of engine.seconds) {
  const m = median(runs);
  rates.push(engine.bytes / MB / m);
  console.log(`| ${label} | ${fmt(m, 3)} | ${fmt(engine.bytes / MB / m)} | ${runs.map((s) => fmt(s, 3)).join(', ')} |`);
}
console.log(`\nThroughput with clean-pixel-data / without: ${fmt(rates[1] / rates[0], 2)}×. Pixel Data byte-identical in ${engine.unchanged}/${engine.slices} outputs (never decoded).`);
if (engine.unchanged !== engine.slices) process.exitCode = 1;
