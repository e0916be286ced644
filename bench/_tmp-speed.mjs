import { readdir, readFile, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseDicom, PIXEL_DATA } from '@deid-share/dicom';
import { describeImage, decodeFrames, brightnessOf, screenFrame } from '@deid-share/pixels';
import { generateSeries } from './generate-series.mjs';
const dir = await mkdtemp(join(tmpdir(), 'i11-'));
await generateSeries(dir, { slices: 20 });
const files = (await readdir(dir)).sort();
const frames = [];
for (const name of files) {
  const file = parseDicom(await readFile(join(dir, name)));
  const image = describeImage(file.dataset);
  const d = await decodeFrames(file.dataset, file.transferSyntaxUID, image, 'x', false);
  frames.push({ values: brightnessOf(d.frames[0], image, file.dataset, 'x'), image });
}
let hits = 0;
for (let r = 0; r < 50; r++) for (const f of frames) hits += screenFrame(f.values, f.image.columns, f.image.rows).length;
const t = performance.now();
const N = 200;
for (let r = 0; r < N; r++) for (const f of frames) hits += screenFrame(f.values, f.image.columns, f.image.rows).length;
const ms = (performance.now() - t) / (N * frames.length);
console.log('ms per slice', ms.toFixed(4), 'hits', hits);
