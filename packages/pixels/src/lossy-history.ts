import { makeTag, setString, stringValue, type DataSet } from '@deid-share/dicom';
import type { CompressedSyntax } from './codecs/transfer-syntaxes.js';

const LOSSY_IMAGE_COMPRESSION = makeTag(0x0028, 0x2110);
const LOSSY_IMAGE_COMPRESSION_RATIO = makeTag(0x0028, 0x2112);
const LOSSY_IMAGE_COMPRESSION_METHOD = makeTag(0x0028, 0x2114);

/**
 * Pixels decoded from a lossy syntax stay lossy after they are written losslessly: Lossy Image Compression remains
 * 01 and the ratio and method of that compression are recorded where the source left them out (PS3.3 C.7.6.1.1.5).
 */
export function keepLossyHistory(dataset: DataSet, syntax: CompressedSyntax | undefined, compressedBytes: number, decodedBytes: number): void {
  const declared = stringValue(dataset, LOSSY_IMAGE_COMPRESSION);
  if (declared === '00' || !(declared === '01' || syntax?.lossyMethod)) return;
  setString(dataset, LOSSY_IMAGE_COMPRESSION, 'CS', '01');
  if (syntax?.lossyMethod && !dataset.get(LOSSY_IMAGE_COMPRESSION_METHOD)?.value.length) setString(dataset, LOSSY_IMAGE_COMPRESSION_METHOD, 'CS', syntax.lossyMethod);
  if (!dataset.get(LOSSY_IMAGE_COMPRESSION_RATIO)?.value.length && compressedBytes > 0) {
    setString(dataset, LOSSY_IMAGE_COMPRESSION_RATIO, 'DS', (decodedBytes / compressedBytes).toPrecision(4).slice(0, 16));
  }
}
