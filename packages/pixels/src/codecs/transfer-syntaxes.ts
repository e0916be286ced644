import type { ImageDescription } from '../image.js';
import type { DecodedFrame } from './decoded.js';
import { inflateFrame } from './deflated-frame.js';
import { decodeJpegLossless } from './jpeg-lossless.js';
import { decodeJpegSequential } from './jpeg-sequential.js';
import { decodeRle } from './rle.js';
import { decodeWithWasm, HTJ2K, JPEG_2000, JPEG_BASELINE_8BIT, JPEG_LS } from './wasm-codecs.js';

export const RLE_LOSSLESS = '1.2.840.10008.1.2.5';
export const DEFLATED_IMAGE_FRAME = '1.2.840.10008.1.2.8.1';

/**
 * How one compressed transfer syntax is decoded. `native: true` decoders return the frame already in the data
 * set's own layout (RLE, deflate); the others return samples that still have to be fitted to it.
 */
export interface CompressedSyntax {
  readonly name: string;
  /** Lossy Image Compression Method (0028,2114) term of the syntax, for lossy ones (PS3.3 C.7.6.1.1.5.1). */
  readonly lossyMethod?: string;
  readonly decode: (frame: Uint8Array, image: ImageDescription, source: string) => Promise<DecodedFrame | Uint8Array>;
}

const jpegBaseline = async (frame: Uint8Array, image: ImageDescription, source: string): Promise<DecodedFrame> =>
  image.bitsStored > 8 ? decodeJpegSequential(frame, source) : decodeWithWasm(JPEG_BASELINE_8BIT, frame, source);

const COMPRESSED: Record<string, CompressedSyntax> = {
  '1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline', lossyMethod: 'ISO_10918_1', decode: jpegBaseline },
  '1.2.840.10008.1.2.4.51': { name: 'JPEG Extended', lossyMethod: 'ISO_10918_1', decode: jpegBaseline },
  '1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless', decode: (frame, _image, source) => decodeJpegLossless(frame, source) },
  '1.2.840.10008.1.2.4.70': { name: 'JPEG Lossless SV1', decode: (frame, _image, source) => decodeJpegLossless(frame, source) },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless', decode: (frame, _image, source) => decodeWithWasm(JPEG_LS, frame, source) },
  '1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Near-Lossless', lossyMethod: 'ISO_14495_1', decode: (frame, _image, source) => decodeWithWasm(JPEG_LS, frame, source) },
  '1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 Lossless', decode: (frame, _image, source) => decodeWithWasm(JPEG_2000, frame, source) },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000', lossyMethod: 'ISO_15444_1', decode: (frame, _image, source) => decodeWithWasm(JPEG_2000, frame, source) },
  '1.2.840.10008.1.2.4.201': { name: 'HTJ2K Lossless', decode: (frame, _image, source) => decodeWithWasm(HTJ2K, frame, source) },
  '1.2.840.10008.1.2.4.202': { name: 'HTJ2K Lossless RPCL', decode: (frame, _image, source) => decodeWithWasm(HTJ2K, frame, source) },
  '1.2.840.10008.1.2.4.203': { name: 'HTJ2K', lossyMethod: 'ISO_15444_15', decode: (frame, _image, source) => decodeWithWasm(HTJ2K, frame, source) },
  [RLE_LOSSLESS]: { name: 'RLE Lossless', decode: async (frame, image, source) => decodeRle(frame, image, source) },
  [DEFLATED_IMAGE_FRAME]: { name: 'Deflated Image Frame', decode: async (frame, _image, source) => inflateFrame(frame, source) },
};

export function compressedSyntax(transferSyntaxUID: string): CompressedSyntax | undefined {
  return COMPRESSED[transferSyntaxUID];
}
