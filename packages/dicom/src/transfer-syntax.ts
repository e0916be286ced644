/** Transfer syntaxes (PS3.5 §10 and Annex A) as far as reading and writing headers is concerned. */
export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
export const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';

export interface DataSetEncoding {
  readonly explicitVR: boolean;
  readonly littleEndian: boolean;
  readonly deflated: boolean;
}

const NATIVE_ENCODINGS: Record<string, DataSetEncoding> = {
  [IMPLICIT_VR_LITTLE_ENDIAN]: { explicitVR: false, littleEndian: true, deflated: false },
  [EXPLICIT_VR_LITTLE_ENDIAN]: { explicitVR: true, littleEndian: true, deflated: false },
  [DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN]: { explicitVR: true, littleEndian: true, deflated: true },
  [EXPLICIT_VR_BIG_ENDIAN]: { explicitVR: true, littleEndian: false, deflated: false },
};

/** Every other transfer syntax (JPEG, JPEG-LS, JPEG 2000, HTJ2K, RLE, MPEG, private ones) is explicit VR little endian. */
export function dataSetEncodingOf(transferSyntaxUID: string): DataSetEncoding {
  return NATIVE_ENCODINGS[transferSyntaxUID] ?? { explicitVR: true, littleEndian: true, deflated: false };
}

/** True for the syntaxes whose pixel data are not encapsulated; a de-identified copy of these is written explicit VR LE. */
export function isNativeTransferSyntax(transferSyntaxUID: string): boolean {
  return transferSyntaxUID in NATIVE_ENCODINGS;
}
