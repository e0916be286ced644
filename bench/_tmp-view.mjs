import { readFile, writeFile } from 'node:fs/promises';
import { parseDicom } from '@deid-share/dicom';
import { describeImage, decodeFrames, renderGrey, encodePng, brightnessOf, screenFrame } from '@deid-share/pixels';
for (const f of process.argv.slice(2)) {
  const file = parseDicom(await readFile(f));
  const image = describeImage(file.dataset);
  const d = await decodeFrames(file.dataset, file.transferSyntaxUID, image, 'x');
  const fi = image.frames > 1 ? 6 : 0;
  const g = renderGrey(d.frames[fi], d.image, file.dataset, 'x');
  const s = screenFrame(brightnessOf(d.frames[fi], d.image, file.dataset, 'x'), image.columns, image.rows);
  console.log(f, JSON.stringify(s));
  await writeFile('/tmp/i11png/' + f.split('/').pop() + '.png', encodePng(g));
}
