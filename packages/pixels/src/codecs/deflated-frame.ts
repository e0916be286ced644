import { inflateRawSync } from 'node:zlib';

/** Deflated Image Frame Compression (1.2.840.10008.1.2.8.1): each frame is a raw deflate stream of native bytes. */
export function inflateFrame(frame: Uint8Array, source: string): Uint8Array {
  try {
    return inflateRawSync(frame);
  } catch (error) {
    throw new Error(`${source}: a deflated frame cannot be inflated (${(error as Error).message})`);
  }
}
