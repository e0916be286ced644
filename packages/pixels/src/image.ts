import { makeTag, stringValue, uint16Value, type DataSet } from '@deid-share/dicom';

export const ROWS = makeTag(0x0028, 0x0010);
export const COLUMNS = makeTag(0x0028, 0x0011);
export const SAMPLES_PER_PIXEL = makeTag(0x0028, 0x0002);
export const PHOTOMETRIC_INTERPRETATION = makeTag(0x0028, 0x0004);
export const PLANAR_CONFIGURATION = makeTag(0x0028, 0x0006);
export const NUMBER_OF_FRAMES = makeTag(0x0028, 0x0008);
export const BITS_ALLOCATED = makeTag(0x0028, 0x0100);
export const BITS_STORED = makeTag(0x0028, 0x0101);
export const PIXEL_REPRESENTATION = makeTag(0x0028, 0x0103);

/** What the Image Pixel module says about the pixel data: enough to find, decode, mask and re-encode every frame. */
export interface ImageDescription {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly pixelRepresentation: 0 | 1;
  readonly photometric: string;
  /** 1: colour by plane (RRR…GGG…BBB…), 0: colour by pixel (RGBRGB…). */
  readonly planarConfiguration: 0 | 1;
  readonly frames: number;
}

export class ImageDescriptionError extends Error {}

/** Reads the Image Pixel module; throws (naming the attribute) when a value needed to locate the pixels is missing or impossible. */
export function describeImage(dataset: DataSet): ImageDescription {
  const required = (tag: number, name: string): number => {
    const value = uint16Value(dataset, tag);
    if (value === undefined || value === 0) throw new ImageDescriptionError(`${name} is missing or 0`);
    return value;
  };
  const rows = required(ROWS, 'Rows (0028,0010)');
  const columns = required(COLUMNS, 'Columns (0028,0011)');
  const bitsAllocated = required(BITS_ALLOCATED, 'Bits Allocated (0028,0100)');
  if (![1, 8, 16, 32].includes(bitsAllocated)) throw new ImageDescriptionError(`Bits Allocated (0028,0100) is ${bitsAllocated}, not 1, 8, 16 or 32`);
  const samplesPerPixel = uint16Value(dataset, SAMPLES_PER_PIXEL) ?? 1;
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) throw new ImageDescriptionError(`Samples per Pixel (0028,0002) is ${samplesPerPixel}, not 1 or 3`);
  const frames = Number.parseInt(stringValue(dataset, NUMBER_OF_FRAMES) ?? '1', 10);
  return {
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored: uint16Value(dataset, BITS_STORED) ?? bitsAllocated,
    pixelRepresentation: uint16Value(dataset, PIXEL_REPRESENTATION) === 1 ? 1 : 0,
    photometric: (stringValue(dataset, PHOTOMETRIC_INTERPRETATION) ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2')).toUpperCase(),
    planarConfiguration: samplesPerPixel === 3 && uint16Value(dataset, PLANAR_CONFIGURATION) === 1 ? 1 : 0,
    frames: Number.isFinite(frames) && frames > 0 ? frames : 1,
  };
}

/** Bytes of one native frame; 1-bit frames are packed and may share a byte with the next frame (PS3.5 §8.1.1). */
export function frameBits(image: ImageDescription): number {
  // Native YBR_FULL_422 stores two luminance samples and one pair of chrominance samples per two pixels.
  const samples = image.photometric === 'YBR_FULL_422' ? 2 : image.samplesPerPixel;
  return image.rows * image.columns * samples * image.bitsAllocated;
}

export function frameBytes(image: ImageDescription): number {
  return Math.ceil(frameBits(image) / 8);
}
