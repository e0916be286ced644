/** Value Representations (PS3.5 §6.2) and the encoding facts the reader and writer need. */
export const VALUE_REPRESENTATIONS = [
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW',
  'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV',
] as const;
export type VR = (typeof VALUE_REPRESENTATIONS)[number];

const KNOWN = new Set<string>(VALUE_REPRESENTATIONS);

export function isVR(text: string): text is VR {
  return KNOWN.has(text);
}

/** VR by its two bytes (first byte × 256 + second), for the reader's hot loop; undefined where no VR has those bytes. */
const BY_CODE: (VR | undefined)[] = new Array(65536);
for (const vr of VALUE_REPRESENTATIONS) BY_CODE[(vr.charCodeAt(0) << 8) | vr.charCodeAt(1)] = vr;

export function vrFromBytes(first: number, second: number): VR | undefined {
  return BY_CODE[(first << 8) | second];
}

/** In explicit VR encodings these VRs have a 2-byte reserved field and a 4-byte length. */
const LONG_LENGTH = new Set<VR>(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV']);

export function hasLongLength(vr: VR): boolean {
  return LONG_LENGTH.has(vr);
}

/** Values whose characters are governed by Specific Character Set (PS3.5 §6.1.2.3). */
const CHARSET_TEXT = new Set<VR>(['SH', 'LO', 'ST', 'LT', 'UT', 'PN', 'UC']);

export function usesCharacterSet(vr: VR): boolean {
  return CHARSET_TEXT.has(vr);
}

const STRING_VRS = new Set<VR>([
  'AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT',
]);

export function isStringVR(vr: VR): boolean {
  return STRING_VRS.has(vr);
}

/** Byte width of one binary number, for byte-order conversion; undefined for strings and byte streams. */
const WORD_SIZE: Partial<Record<VR, number>> = {
  AT: 2, FD: 8, FL: 4, OD: 8, OF: 4, OL: 4, OV: 8, OW: 2, SL: 4, SS: 2, SV: 8, UL: 4, US: 2, UV: 8,
};

export function wordSize(vr: VR): number | undefined {
  return WORD_SIZE[vr];
}

/** UI values are padded with NUL, other strings with a space, binary values with NUL (PS3.5 §6.2). */
export function paddingByte(vr: VR): number {
  return isStringVR(vr) && vr !== 'UI' ? 0x20 : 0x00;
}
