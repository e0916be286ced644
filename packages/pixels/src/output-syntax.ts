import { EXPLICIT_VR_LITTLE_ENDIAN, isNativeTransferSyntax, PIXEL_DATA, type DataElement } from '@deid-share/dicom';
import { encodeRle } from './codecs/rle.js';
import { RLE_LOSSLESS } from './codecs/transfer-syntaxes.js';
import type { DecodedImage } from './decode-frames.js';
import { encapsulate } from './encapsulated.js';
import { joinNativeFrames } from './native-frames.js';

export interface EncodedPixels {
  readonly transferSyntaxUID: string;
  readonly pixelData: DataElement;
}

/**
 * Where masked pixels go (docs/pixels.md): native inputs stay native (written explicit VR little endian, like every
 * de-identified file); compressed inputs become RLE Lossless, which every DICOM toolkit and viewer reads, keeps the
 * decoded pixels exactly (so nothing outside the masks changes) and needs no codec of its own; 1-bit images, which
 * RLE cannot hold, become native.
 */
export function encodeMasked(decoded: DecodedImage, inputSyntax: string, inputElement: DataElement): EncodedPixels {
  const { image, frames } = decoded;
  if (isNativeTransferSyntax(inputSyntax) && !inputElement.encapsulated) {
    return { transferSyntaxUID: inputSyntax, pixelData: { tag: PIXEL_DATA, vr: inputElement.vr, value: joinNativeFrames(frames, image) } };
  }
  if (image.bitsAllocated === 1) {
    return { transferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN, pixelData: { tag: PIXEL_DATA, vr: 'OB', value: joinNativeFrames(frames, image) } };
  }
  const value = encapsulate(frames.map((frame) => encodeRle(frame, image)));
  return { transferSyntaxUID: RLE_LOSSLESS, pixelData: { tag: PIXEL_DATA, vr: 'OB', value, encapsulated: true } };
}
