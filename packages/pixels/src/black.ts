import type { DataSet } from '@deid-share/dicom';
import type { ImageDescription } from './image.js';
import { readPalette } from './palette.js';

/** The palette entry that displays darkest (smallest R+G+B), as a stored pixel value. */
function darkestPaletteIndex(dataset: DataSet, source: string): number {
  const { firstMapped, red, green, blue } = readPalette(dataset, source);
  let darkest = 0;
  for (let i = 1; i < red.length; i++) {
    if (red[i]! + green[i]! + blue[i]! < red[darkest]! + green[darkest]! + blue[darkest]!) darkest = i;
  }
  return firstMapped + darkest;
}

/** The stored value of each sample that displays as black in this photometric interpretation. */
export function blackSamples(image: ImageDescription, dataset: DataSet, source: string): number[] {
  const bits = image.bitsStored;
  const signed = image.pixelRepresentation === 1;
  const half = 1 << (bits - 1);
  switch (image.photometric) {
    case 'MONOCHROME2':
      return [signed ? -half : 0];
    case 'MONOCHROME1':
      return [signed ? half - 1 : 2 * half - 1];
    case 'RGB':
      return [0, 0, 0];
    case 'YBR_FULL':
    case 'YBR_FULL_422':
      return [0, half, half];
    case 'YBR_PARTIAL_422':
    case 'YBR_PARTIAL_420':
      return [16 << (bits - 8), half, half];
    case 'PALETTE COLOR':
      return [darkestPaletteIndex(dataset, source)];
    default:
      throw new Error(`${source}: Photometric Interpretation (0028,0004) ${image.photometric} has no known black value to mask with: convert the image to RGB or MONOCHROME2`);
  }
}
