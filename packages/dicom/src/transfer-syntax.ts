/** Transfer syntaxes (PS3.5 §10 and Annex A; PS3.6 Table A-1) as far as reading and writing headers is concerned. */
export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
export const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';

export interface DataSetEncoding {
  readonly explicitVR: boolean;
  readonly littleEndian: boolean;
  readonly deflated: boolean;
}

const EXPLICIT_LE: DataSetEncoding = { explicitVR: true, littleEndian: true, deflated: false };

const NATIVE_ENCODINGS: Record<string, DataSetEncoding> = {
  [IMPLICIT_VR_LITTLE_ENDIAN]: { explicitVR: false, littleEndian: true, deflated: false },
  [EXPLICIT_VR_LITTLE_ENDIAN]: EXPLICIT_LE,
  [DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN]: { explicitVR: true, littleEndian: true, deflated: true },
  [EXPLICIT_VR_BIG_ENDIAN]: { explicitVR: true, littleEndian: false, deflated: false },
};

/**
 * The current (not retired) syntaxes whose data set is explicit VR little endian and whose pixel data, if any, are
 * encapsulated or referenced: the header is de-identified, the pixels pass through (or are cleaned, docs/pixels.md).
 */
const ENCAPSULATED_SYNTAXES: ReadonlySet<string> = new Set([
  '1.2.840.10008.1.2.1.98', // Encapsulated Uncompressed Explicit VR Little Endian
  '1.2.840.10008.1.2.4.50', // JPEG Baseline (Process 1)
  '1.2.840.10008.1.2.4.51', // JPEG Extended (Process 2 & 4)
  '1.2.840.10008.1.2.4.57', // JPEG Lossless, Non-Hierarchical (Process 14)
  '1.2.840.10008.1.2.4.70', // JPEG Lossless, First-Order Prediction
  '1.2.840.10008.1.2.4.80', // JPEG-LS Lossless
  '1.2.840.10008.1.2.4.81', // JPEG-LS Near-Lossless
  '1.2.840.10008.1.2.4.90', // JPEG 2000 Lossless Only
  '1.2.840.10008.1.2.4.91', // JPEG 2000
  '1.2.840.10008.1.2.4.92', // JPEG 2000 Part 2 Multi-component Lossless Only
  '1.2.840.10008.1.2.4.93', // JPEG 2000 Part 2 Multi-component
  '1.2.840.10008.1.2.4.94', // JPIP Referenced
  '1.2.840.10008.1.2.4.100', '1.2.840.10008.1.2.4.100.1', // MPEG2 Main Profile / Main Level
  '1.2.840.10008.1.2.4.101', '1.2.840.10008.1.2.4.101.1', // MPEG2 Main Profile / High Level
  '1.2.840.10008.1.2.4.102', '1.2.840.10008.1.2.4.102.1', // MPEG-4 AVC/H.264 High Profile / Level 4.1
  '1.2.840.10008.1.2.4.103', '1.2.840.10008.1.2.4.103.1', // MPEG-4 AVC/H.264 BD-compatible High Profile
  '1.2.840.10008.1.2.4.104', '1.2.840.10008.1.2.4.104.1', // MPEG-4 AVC/H.264 High Profile / Level 4.2 (2D video)
  '1.2.840.10008.1.2.4.105', '1.2.840.10008.1.2.4.105.1', // MPEG-4 AVC/H.264 High Profile / Level 4.2 (3D video)
  '1.2.840.10008.1.2.4.106', '1.2.840.10008.1.2.4.106.1', // MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2
  '1.2.840.10008.1.2.4.107', // HEVC/H.265 Main Profile / Level 5.1
  '1.2.840.10008.1.2.4.108', // HEVC/H.265 Main 10 Profile / Level 5.1
  '1.2.840.10008.1.2.4.110', '1.2.840.10008.1.2.4.111', '1.2.840.10008.1.2.4.112', // JPEG XL Lossless / Recompression / JPEG XL
  '1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.4.202', '1.2.840.10008.1.2.4.203', // HTJ2K Lossless / Lossless RPCL / HTJ2K
  '1.2.840.10008.1.2.4.204', // JPIP HTJ2K Referenced
  '1.2.840.10008.1.2.5', // RLE Lossless
  '1.2.840.10008.1.2.8.1', // Deflated Image Frame Compression
]);

/**
 * How the data set of a transfer syntax is encoded, or undefined for a syntax deid-share does not read: an unknown
 * UID, a retired one (the retired JPEG processes, for instance), or JPIP Referenced Deflate, whose deflated data set
 * could not be written back in its own syntax.
 */
export function dataSetEncodingOf(transferSyntaxUID: string): DataSetEncoding | undefined {
  return NATIVE_ENCODINGS[transferSyntaxUID] ?? (ENCAPSULATED_SYNTAXES.has(transferSyntaxUID) ? EXPLICIT_LE : undefined);
}

/** True for the syntaxes whose pixel data are not encapsulated; a de-identified copy of these is written explicit VR LE. */
export function isNativeTransferSyntax(transferSyntaxUID: string): boolean {
  return transferSyntaxUID in NATIVE_ENCODINGS;
}
