import { createRequire } from 'node:module';
import type { DecodedFrame } from './decoded.js';

const require = createRequire(import.meta.url);

/** The package ships JavaScript without its declared typings; this is the part used here. */
interface LosslessDecoder {
  decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
  precision?: number;
}

/** JPEG lossless, processes 14 and 14 SV1 (DICOM 1.2.840.10008.1.2.4.57 and .70), any selection value, 2–16 bits. */
export async function decodeJpegLossless(frame: Uint8Array, source: string): Promise<DecodedFrame> {
  // Loaded on first use, like the WebAssembly codecs.
  const { Decoder } = require('jpeg-lossless-decoder-js') as { Decoder: new () => LosslessDecoder };
  const decoder = new Decoder();
  let samples: Uint8Array | Uint16Array;
  try {
    samples = decoder.decode(frame.buffer as ArrayBuffer, frame.byteOffset, frame.byteLength);
  } catch (error) {
    throw new Error(`${source}: the JPEG lossless decoder failed (${(error as Error).message}): the compressed data are damaged`);
  }
  const bytesPerSample = samples instanceof Uint16Array ? 2 : 1;
  return { bytes: new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), bytesPerSample, planar: false, convertedToRgb: false };
}
