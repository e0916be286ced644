import { createRequire } from 'node:module';
import { copyOut, type DecodedFrame } from './decoded.js';

const require = createRequire(import.meta.url);

/** The Emscripten decoder classes of the Cornerstone codec builds share this shape. */
interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  getInterleaveMode?(): number;
  getColorSpace?(): number;
  delete(): void;
}

type DecoderClass = new () => WasmDecoder;

interface CodecBuild {
  readonly module: string;
  readonly decoderClass: string;
}

/** Decoder-only builds where the package has one: smaller, and we never encode in these syntaxes. */
export const JPEG_BASELINE_8BIT: CodecBuild = { module: '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', decoderClass: 'JPEGDecoder' };
export const JPEG_LS: CodecBuild = { module: '@cornerstonejs/codec-charls/decodewasmjs', decoderClass: 'JpegLSDecoder' };
export const JPEG_2000: CodecBuild = { module: '@cornerstonejs/codec-openjpeg/decodewasmjs', decoderClass: 'J2KDecoder' };
export const HTJ2K: CodecBuild = { module: '@cornerstonejs/codec-openjph/wasmjs', decoderClass: 'HTJ2KDecoder' };

const loaded = new Map<CodecBuild, Promise<DecoderClass>>();
/** What the codecs print (OpenJPEG logs every header it reads): kept out of the console, the errors quoted when decoding fails. */
const codecErrors: string[] = [];

/** Instantiates a codec's WebAssembly module once per process, on first use: images that need no decoding never pay for it. */
function decoderClass(build: CodecBuild): Promise<DecoderClass> {
  let promise = loaded.get(build);
  if (!promise) {
    promise = (async () => {
      const factory = require(build.module) as (options: object) => Promise<Record<string, DecoderClass>>;
      const module = await factory({ print: () => undefined, printErr: (line: string) => codecErrors.push(line) });
      const found = module[build.decoderClass];
      if (!found) throw new Error(`${build.module} has no ${build.decoderClass}: reinstall the package (npm ci)`);
      return found;
    })();
    loaded.set(build, promise);
  }
  return promise;
}

/** J2K and HTJ2K signal a multiple-component transform in the codestream (COD SGcod byte 4); the decoders undo it. */
function usesMultipleComponentTransform(frame: Uint8Array): boolean {
  for (let pos = 2; pos + 10 < frame.length; ) {
    if (frame[pos] !== 0xff) return false;
    const marker = frame[pos + 1]!;
    const length = (frame[pos + 2]! << 8) | frame[pos + 3]!;
    if (marker === 0x52) return frame[pos + 8] === 1; // COD: marker(2) Lcod(2) Scod(1) SGcod = progression(1) layers(2) MCT(1)
    if (marker === 0x90 || marker === 0x93) return false; // first tile-part header: no main COD
    pos += 2 + length;
  }
  return false;
}

export async function decodeWithWasm(build: CodecBuild, frame: Uint8Array, source: string): Promise<DecodedFrame> {
  const Decoder = await decoderClass(build);
  const decoder = new Decoder();
  codecErrors.length = 0;
  const fail = (problem: string): never => {
    const said = codecErrors.filter((line) => /error/i.test(line)).slice(-2).join('; ');
    throw new Error(`${source}: ${build.decoderClass} could not decode a frame (${problem}${said ? `; ${said}` : ''}): the compressed data are damaged or use a feature the codec lacks`);
  };
  try {
    decoder.getEncodedBuffer(frame.length).set(frame);
    try {
      decoder.decode();
    } catch (error) {
      fail(String((error as Error).message ?? error));
    }
    const info = decoder.getFrameInfo();
    if (!info.width || !info.height) fail('no image in the codestream');
    const colour = info.componentCount === 3;
    return {
      bytes: copyOut(decoder.getDecodedBuffer()),
      bytesPerSample: info.bitsPerSample > 8 ? 2 : 1,
      // CharLS returns colour by plane when the stream is not interleaved (interleave mode 0).
      planar: colour && decoder.getInterleaveMode?.() === 0,
      convertedToRgb: colour && (build === JPEG_BASELINE_8BIT || ((build === JPEG_2000 || build === HTJ2K) && usesMultipleComponentTransform(frame))),
      width: info.width,
      height: info.height,
    };
  } finally {
    decoder.delete();
  }
}
