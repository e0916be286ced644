import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { parseDicom } from '@deid-share/dicom';
import { describeImage, decodeFrames, renderGrey, encodePng, brightnessOf, screenFrame } from '@deid-share/pixels';
const files = process.argv.slice(2);
await mkdir('/tmp/i11png', { recursive: true });
for (const f of files) {
  const file = parseDicom(await readFile('test/corpus/' + f));
  const image = describeImage(file.dataset);
  const d = await decodeFrames(file.dataset, file.transferSyntaxUID, image, 'x');
  const g = renderGrey(d.frames[0], d.image, file.dataset, 'x');
  const t = performance.now();
  const s = screenFrame(brightnessOf(d.frames[0], d.image, file.dataset, 'x'), image.columns, image.rows);
  console.log(f, image.rows, image.columns, image.bitsAllocated, image.bitsStored, image.pixelRepresentation, image.photometric, image.frames, 'screen', s.length, JSON.stringify(s.slice(0,4)), (performance.now()-t).toFixed(2)+'ms');
  await writeFile('/tmp/i11png/' + f.replace(/[\/ ]/g, '_') + '.png', encodePng(g));
}
