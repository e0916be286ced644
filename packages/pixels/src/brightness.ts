import type { DataSet } from '@deid-share/dicom';
import type { ImageDescription } from './image.js';
import { renderGrey } from './render.js';
import type { Brightness } from './screen.js';

/**
 * A frame's brightness, one sample per pixel, for the text screen. Monochrome frames are read in place as stored
 * values (no copy, no rescaling: the screen works in any unit); colour, palette, YBR and 1-bit frames through the
 * 8-bit luminance rendering.
 */
export function brightnessOf(frame: Uint8Array, image: ImageDescription, dataset: DataSet, source: string): Brightness {
  if (!image.photometric.startsWith('MONOCHROME') || image.samplesPerPixel !== 1 || image.bitsAllocated === 1) {
    return renderGrey(frame, image, dataset, source).pixels;
  }
  const signed = image.pixelRepresentation === 1;
  const count = image.rows * image.columns;
  if (image.bitsAllocated === 8) return signed ? new Int8Array(frame.buffer, frame.byteOffset, count) : frame.subarray(0, count);
  const bytes = image.bitsAllocated / 8;
  // Typed views need aligned offsets; a frame that starts on an odd byte is copied once.
  const aligned = frame.byteOffset % bytes === 0 ? frame : new Uint8Array(frame.subarray(0, count * bytes));
  if (bytes === 2) return signed ? new Int16Array(aligned.buffer, aligned.byteOffset, count) : new Uint16Array(aligned.buffer, aligned.byteOffset, count);
  return signed ? new Int32Array(aligned.buffer, aligned.byteOffset, count) : new Uint32Array(aligned.buffer, aligned.byteOffset, count);
}
