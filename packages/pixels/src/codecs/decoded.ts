/** What a codec hands back for one frame, before it is fitted to the data set's Image Pixel module. */
export interface DecodedFrame {
  /** Samples in little-endian byte order, `bytesPerSample` bytes each. */
  readonly bytes: Uint8Array;
  readonly bytesPerSample: 1 | 2;
  /** Colour by plane (as JPEG-LS without interleaving decodes) rather than by pixel. */
  readonly planar: boolean;
  /** The codec turned YCbCr into RGB (JPEG's and JPEG 2000's colour transforms), so the frame is now RGB. */
  readonly convertedToRgb: boolean;
  /** The frame's own size, where the codestream says it (it may be smaller than Rows × Columns). */
  readonly width?: number;
  readonly height?: number;
}

/** A copy of a view into WebAssembly memory: the view dies with the codec instance. */
export function copyOut(view: Uint8Array): Uint8Array {
  return new Uint8Array(view);
}
