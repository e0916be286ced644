import { isNativeTransferSyntax, PIXEL_DATA, type DataSet } from '@deid-share/dicom';
import { compressedSyntax } from './codecs/transfer-syntaxes.js';
import type { DecodedFrame } from './codecs/decoded.js';
import { encapsulatedFrames } from './encapsulated.js';
import { frameBytes, type ImageDescription } from './image.js';
import { splitNativeFrames } from './native-frames.js';

/** Every frame of an image as native little-endian samples, and the Image Pixel module that now describes them. */
export interface DecodedImage {
  readonly image: ImageDescription;
  readonly frames: Uint8Array[];
}

/** Thrown when a transfer syntax has no decoder here: the caller withholds the instance rather than guess. */
export class UnsupportedSyntaxError extends Error {}

function resample(decoded: DecodedFrame, bitsAllocated: number): Uint8Array {
  const from = decoded.bytesPerSample;
  const to = bitsAllocated / 8;
  if (from === to) return decoded.bytes;
  const count = decoded.bytes.length / from;
  const out = new Uint8Array(count * to);
  const kept = Math.min(from, to);
  // Widening pads with zero bytes (values are unsigned until sign extension); narrowing keeps the low bytes.
  for (let i = 0; i < count; i++) {
    for (let b = 0; b < kept; b++) out[i * to + b] = decoded.bytes[i * from + b]!;
  }
  return out;
}

/** 1-bit images: codecs return a byte per sample (0 or 1); native data pack eight to a byte, first pixel in bit 0. */
function packBits(bytes: Uint8Array, samples: number): Uint8Array {
  const packed = new Uint8Array(Math.ceil(samples / 8));
  for (let i = 0; i < samples; i++) if (bytes[i]) packed[i >> 3] = packed[i >> 3]! | (1 << (i & 7));
  return packed;
}

/** Codecs return signed samples as bit patterns of Bits Stored bits; native 16-bit data are two's complement throughout. */
function signExtend(frame: Uint8Array, image: ImageDescription): void {
  if (image.pixelRepresentation !== 1 || image.bitsAllocated !== 16 || image.bitsStored >= 16) return;
  const samples = new Int16Array(frame.buffer, frame.byteOffset, frame.byteLength / 2);
  const shift = 16 - image.bitsStored;
  for (let i = 0; i < samples.length; i++) samples[i] = (samples[i]! << shift) >> shift;
}

/** YBR_ICT and YBR_RCT name JPEG 2000's colour transforms: undone by the codec (RGB), or, when the codestream has none, plain YCbCr. */
function decodedPhotometric(decoded: DecodedFrame, photometric: string): string {
  if (decoded.convertedToRgb) return 'RGB';
  return photometric === 'YBR_ICT' || photometric === 'YBR_RCT' ? 'YBR_FULL' : photometric;
}

/** Colour by pixel to colour by plane. */
function byPlane(frame: Uint8Array, image: ImageDescription): Uint8Array {
  const bytes = image.bitsAllocated / 8;
  const pixels = image.rows * image.columns;
  const out = new Uint8Array(frame.length);
  for (let pixel = 0; pixel < pixels; pixel++) {
    for (let sample = 0; sample < 3; sample++) {
      for (let b = 0; b < bytes; b++) out[(sample * pixels + pixel) * bytes + b] = frame[(pixel * 3 + sample) * bytes + b]!;
    }
  }
  return out;
}

/**
 * A frame whose codestream is smaller than Rows × Columns (some writers store a partial last tile or strip) is
 * placed at the top left of a frame of the declared size, the rest zero: what a viewer shows, and what is scanned.
 */
function padded(decoded: DecodedFrame, image: ImageDescription): DecodedFrame {
  const { width, height } = decoded;
  if (!width || !height || decoded.planar || (width === image.columns && height === image.rows)) return decoded;
  if (width > image.columns || height > image.rows) return decoded;
  const pixelBytes = decoded.bytesPerSample * image.samplesPerPixel;
  const bytes = new Uint8Array(image.rows * image.columns * pixelBytes);
  for (let row = 0; row < height; row++) {
    bytes.set(decoded.bytes.subarray(row * width * pixelBytes, (row + 1) * width * pixelBytes), row * image.columns * pixelBytes);
  }
  return { ...decoded, bytes, width: image.columns, height: image.rows };
}

function fitted(given: DecodedFrame, image: ImageDescription, source: string): { frame: Uint8Array; image: ImageDescription } {
  const decoded = padded(given, image);
  const photometric = decodedPhotometric(decoded, image.photometric);
  // YBR_FULL is written colour by plane, as the ultrasound IODs require of it (PS3.3 C.8.5.6.1.16).
  const toPlanes = photometric === 'YBR_FULL' && !decoded.planar && image.samplesPerPixel === 3;
  const described: ImageDescription = { ...image, photometric, planarConfiguration: image.samplesPerPixel === 3 && (decoded.planar || toPlanes) ? 1 : 0 };
  const samples = image.bitsAllocated === 1 ? packBits(decoded.bytes, image.rows * image.columns * image.samplesPerPixel) : resample(decoded, image.bitsAllocated);
  if (samples.length < frameBytes(described)) {
    throw new Error(`${source}: a decoded frame holds ${samples.length} bytes where ${image.rows}×${image.columns}×${image.samplesPerPixel} samples of ${image.bitsAllocated} bits need ${frameBytes(described)}: the Image Pixel module does not describe the compressed data`);
  }
  const sized = samples.length === frameBytes(described) ? samples : samples.slice(0, frameBytes(described));
  const exact = toPlanes ? byPlane(sized, described) : sized;
  signExtend(exact, described);
  return { frame: exact, image: described };
}

/**
 * Decodes every frame of the Pixel Data; throws UnsupportedSyntaxError for a syntax without a decoder here.
 * `copyNative` false gives native frames as views of the data set's value, to be read and not changed.
 */
export async function decodeFrames(dataset: DataSet, transferSyntaxUID: string, image: ImageDescription, source: string, copyNative = true): Promise<DecodedImage> {
  const pixelData = dataset.get(PIXEL_DATA);
  if (!pixelData) throw new Error(`${source}: no Pixel Data (7FE0,0010) to clean`);
  if (isNativeTransferSyntax(transferSyntaxUID) && !pixelData.encapsulated) {
    return { image, frames: splitNativeFrames(pixelData.value, image, source, copyNative) };
  }
  const syntax = compressedSyntax(transferSyntaxUID);
  if (!syntax) {
    throw new UnsupportedSyntaxError(`transfer syntax ${transferSyntaxUID} has no pixel decoder in deid-share: convert the file to explicit VR little endian or a JPEG, JPEG-LS, JPEG 2000, HTJ2K or RLE syntax (e.g. with dcmtk's dcmconv/dcmdjpeg) and send it again`);
  }
  if (!pixelData.encapsulated) throw new Error(`${source}: transfer syntax ${syntax.name} but the Pixel Data (7FE0,0010) are not encapsulated`);
  let described = image;
  const frames: Uint8Array[] = [];
  for (const compressed of encapsulatedFrames(dataset, pixelData.value, image.frames, source)) {
    const decoded = await syntax.decode(compressed, image, source);
    if (decoded instanceof Uint8Array) {
      frames.push(decoded);
      continue;
    }
    const result = fitted(decoded, image, source);
    described = result.image;
    frames.push(result.frame);
  }
  return { image: described, frames };
}
