import { rasterise } from '../tools/burned-in-corpus/font.mjs';
import { findText, closeTextFinder, textInRegions } from '@deid-share/pixels';
for (const [scale, bold] of [[1,false],[1,true],[2,false],[3,false]]) {
  const r = rasterise(process.argv[2], scale, bold);
  const W = r.width + 40, H = r.height + 40;
  const px = new Uint8Array(W*H).fill(20);
  for (let y=0;y<r.height;y++) for (let x=0;x<r.width;x++) if (r.mask[y*r.width+x]) px[(y+20)*W+x+20]=230;
  const img = { width: W, height: H, pixels: px };
  const words = await findText(img, 3);
  const conf = await textInRegions(img, [{x:20,y:20,width:r.width,height:r.height}]);
  console.log(scale, bold, words.map(w=>w.text+':'+Math.round(w.confidence)).join(' '), conf[0].length);
}
await closeTextFinder();
