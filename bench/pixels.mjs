// `npm run bench` (after bench/engine.mjs): what clean-pixel-data costs, reported beside the engine's own speed.
//
//   1. OCR throughput on candidate images: the corpus's screen images with burned-in text (ultrasound and
//      secondary captures, every compressed syntax among them) cleaned one after another by cleanPixelData
//      (decode, OCR every frame, mask, re-encode); images/s and frames/s, OCR start-up reported apart.
//   2. The engine on a CT series (generated as in bench/engine.mjs), in memory: ps3.15-basic without and with
//      clean-pixel-data, round-robin, warm-up + median of 3. CT images need no pixel work, so the ratio should be
//      1 within noise: both screen every slice for burned-in text (issue 11); a third contender turns the screen
//      off (pixels.screen "declared") to show what the screen costs. Every output's Pixel Data is checked byte for
//      byte against the input. The screen alone is timed too (slices/s on one core).
//   3. A JPEG 2000 series (corpus slices repeated): the screen needs every slice decoded.
//
// Environment: BENCH_SLICES (default 300) for a quicker run.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concatChunks, parseDicom, PIXEL_DATA } from '@deid-share/dicom';
import { createEngine, loadProfile } from '@deid-share/engine';
import { brightnessOf, cleanPixelData, closeTextFinder, describeImage, findText, screenFrame } from '@deid-share/pixels';
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

/** The text screen alone on every slice (decoding native frames is a view): slices per second on one core. */
function screenAlone(inputs) {
  const frames = inputs.map((input) => {
    const { dataset } = parseDicom(input);
    const image = describeImage(dataset);
    const value = dataset.get(PIXEL_DATA).value;
    return { image, values: brightnessOf(value.subarray(0, image.rows * image.columns * 2), image, dataset, 'bench') };
  });
  let marked = 0;
  for (const { image, values } of frames) marked += screenFrame(values, image.columns, image.rows).length;
  const runs = [];
  const cpu = [];
  for (let round = 0; round < REPETITIONS; round++) {
    const t = performance.now();
    const c = process.cpuUsage();
    for (const { image, values } of frames) screenFrame(values, image.columns, image.rows);
    runs.push((performance.now() - t) / 1000);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1e6);
  }
  // CPU time as well as wall time: on a shared machine the wall clock counts the time other processes ran.
  return { slicesPerSecond: frames.length / median(runs), slicesPerCpuSecond: frames.length / median(cpu), marked };
}

/** A JPEG 2000 series: the corpus's JPEG 2000 CT slices, repeated; every slice must be decoded to be screened. */
async function jpeg2000Series() {
  const files = ['pydicom-data/data_store/data/explicit_VR-UN.dcm', 'orthanc-tests/Database/WithEmptyPatientComments.dcm', 'pydicom/src/pydicom/data/test_files/J2K_pixelrep_mismatch.dcm'];
  const sources = await Promise.all(files.map((path) => readFile(join(corpus, path))));
  const inputs = Array.from({ length: 60 }, (_, i) => sources[i % sources.length]);
  const secret = new Uint8Array(32).fill(3);
  const profile = loadProfile('ps3.15-basic');
  const unscreened = { ...profile, profile: { ...profile.profile, pixels: { screen: 'declared' } } };
  const engineWith = (extraOptions, loaded = profile) => createEngine({ profile: loaded, extraOptions, secret, jobId: 'bench-j2k' });
  const contenders = [
    { label: 'ps3.15-basic, pixels.screen "declared" (no decode)', engine: engineWith([], unscreened) },
    { label: 'ps3.15-basic (screened: decoded)', engine: engineWith([]) },
    { label: 'ps3.15-basic + clean-pixel-data', engine: engineWith(['clean-pixel-data']) },
  ];
  const rows = [];
  for (const { label, engine } of contenders) {
    await engine.deidentify(inputs[0]);
    const t = performance.now();
    const statuses = new Set();
    for (const input of inputs) statuses.add((await engine.deidentify(input)).status);
    rows.push({ label, seconds: (performance.now() - t) / 1000, statuses: [...statuses].join('/') });
  }
  await closeTextFinder();
  return { instances: inputs.length, rows };
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
    // The screen off (pixels.screen "declared"): the engine as it was before every image was screened.
    const unscreened = { ...profile, profile: { ...profile.profile, pixels: { screen: 'declared' } } };
    const engineWith = (extraOptions, loaded = profile) => createEngine({ profile: loaded, extraOptions, secret, jobId: 'bench' });
    const contenders = [
      { label: 'ps3.15-basic', engine: engineWith([]) },
      { label: 'ps3.15-basic + clean-pixel-data', engine: engineWith(['clean-pixel-data']) },
      { label: 'ps3.15-basic, pixels.screen "declared" (no screen)', engine: engineWith([], unscreened) },
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
    return { bytes, slices: inputs.length, seconds, unchanged, screen: screenAlone(inputs) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const loadBefore = loadavg()[0];
const ocr = await ocrThroughput();
const engine = await engineThroughput();
const j2k = await jpeg2000Series();

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
console.log(`\nThroughput with clean-pixel-data / without (both screen every slice): ${fmt(rates[1] / rates[0], 2)}×; time with clean-pixel-data / time with the screen off: ${fmt(rates[2] / rates[1], 2)}×. Pixel Data byte-identical in ${engine.unchanged}/${engine.slices} outputs.`);
console.log(`The text screen alone: ${fmt(engine.screen.slicesPerSecond, 0)} slices/s on one core by the wall clock (${fmt(1000 / engine.screen.slicesPerSecond, 3)} ms per 512×512 slice), ${fmt(engine.screen.slicesPerCpuSecond, 0)} slices per CPU second (${fmt(1000 / engine.screen.slicesPerCpuSecond, 3)} ms); slices it marked for OCR: ${engine.screen.marked}.\n`);
console.log(`| JPEG 2000 series (${j2k.instances} instances) | seconds | instances/s | status |\n|---|---:|---:|---|`);
for (const row of j2k.rows) console.log(`| ${row.label} | ${fmt(row.seconds, 2)} | ${fmt(j2k.instances / row.seconds, 1)} | ${row.statuses} |`);
if (engine.unchanged !== engine.slices) process.exitCode = 1;
