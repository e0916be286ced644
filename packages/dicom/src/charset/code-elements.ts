/**
 * The graphic character sets ("code elements") DICOM text can use, and the ISO 2022 escape sequences that
 * designate them (PS3.3 Tables C.12-2 to C.12-4, PS3.5 §6.1.2.5).
 *
 * G0 holds the bytes 0x00-0x7F ("GL"), G1 the bytes 0x80-0xFF ("GR"). Decoding uses the platform's
 * WHATWG TextDecoder labels, so the module runs unchanged in Node and in browsers.
 */

export interface G0Element {
  readonly register: 'G0';
  /** True for the 94x94 sets (JIS X 0208/0212), whose GL bytes come in pairs, so '^', '=' and '\' bytes can be halves of a character. */
  readonly multiByte: boolean;
  /** Decodes GL bytes (< 0x80). */
  readonly decode: (gl: Uint8Array) => string;
}

export interface G1Element {
  readonly register: 'G1';
  /** Decodes GR bytes; bytes < 0x80 are decoded as ASCII, so a run whose G0 is ASCII can be handed over whole. */
  readonly decode: (bytes: Uint8Array) => string;
}

export type CodeElement = G0Element | G1Element;

/** Values up to this many bytes are built a character at a time: fastest for the short values most elements hold. */
const SHORT = 256;
/** Characters converted per String.fromCharCode call: well under every engine's limit on arguments. */
const CHUNK = 8192;

/**
 * The string of these bytes, each mapped to a UTF-16 code unit by `codeUnitOf` (the byte itself when absent). A long
 * value is built in chunks: appending a character at a time makes a rope of one node per character, about 30 bytes
 * each, which made a 16 MiB value cost half a gigabyte.
 */
function decodeBytes(bytes: Uint8Array, codeUnitOf?: Uint16Array): string {
  if (bytes.length <= SHORT) {
    let text = '';
    for (const byte of bytes) text += String.fromCharCode(codeUnitOf ? codeUnitOf[byte]! : byte);
    return text;
  }
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const chunk = bytes.subarray(i, i + CHUNK);
    const codes = codeUnitOf ? mapped(chunk, codeUnitOf) : chunk;
    // apply takes any array-like, typed arrays included, without copying them into a JS array first.
    parts.push(String.fromCharCode.apply(null, codes as unknown as number[]));
  }
  return parts.join('');
}

function mapped(bytes: Uint8Array, codeUnitOf: Uint16Array): Uint16Array {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) units[i] = codeUnitOf[bytes[i]!]!;
  return units;
}

/** Code point = byte: exact for ASCII and for ISO 8859-1, and lossless for anything else. */
export function latin1(bytes: Uint8Array): string {
  return decodeBytes(bytes);
}

export function whatwg(label: string, options?: { ignoreBOM?: boolean }): (bytes: Uint8Array) => string {
  const decoder = new TextDecoder(label, options);
  return (bytes) => decoder.decode(bytes);
}

/**
 * An ISO 8859 part (or TIS 620) as a 96-character G1 set. Positions 0x80-0x9F are C1 controls in every part;
 * WHATWG maps some labels onto Windows code pages that put letters there (iso-8859-9 is windows-1254,
 * tis-620 is windows-874), so those positions are mapped to C1 directly and only 0xA0-0xFF come from the decoder.
 */
function isoUpperHalf(label: string): (bytes: Uint8Array) => string {
  const upper = new TextDecoder(label).decode(Uint8Array.from({ length: 0x60 }, (_, i) => 0xa0 + i));
  const codeUnitOf = Uint16Array.from({ length: 0x100 }, (_, byte) => (byte < 0xa0 ? byte : upper.charCodeAt(byte - 0xa0)));
  return (bytes) => decodeBytes(bytes, codeUnitOf);
}

const isGraphicGL = (byte: number): boolean => byte >= 0x21 && byte <= 0x7e;

const eucJp = new TextDecoder('euc-jp');

/** JIS X 0208 in G0 is EUC-JP code set 1 with the high bits cleared: set them back and let EUC-JP decode. */
function jisX0208(gl: Uint8Array): string {
  return eucJp.decode(gl.map((byte) => (isGraphicGL(byte) ? byte | 0x80 : byte)));
}

/** JIS X 0212 in G0 is EUC-JP code set 3 (prefix 0x8F) with the high bits cleared. */
function jisX0212(gl: Uint8Array): string {
  const euc: number[] = [];
  for (let i = 0; i < gl.length; i++) {
    const byte = gl[i]!;
    if (!isGraphicGL(byte)) {
      euc.push(byte);
      continue;
    }
    euc.push(0x8f, byte | 0x80);
    const second = gl[i + 1];
    // A lone first byte is left for EUC-JP to report as U+FFFD rather than swallowing a control character.
    if (second !== undefined && isGraphicGL(second)) {
      euc.push(second | 0x80);
      i++;
    }
  }
  return eucJp.decode(Uint8Array.from(euc));
}

export const ISO_IR_6: G0Element = { register: 'G0', multiByte: false, decode: latin1 };
/**
 * JIS X 0201 Romaji differs from ASCII only at 0x5C (YEN SIGN) and 0x7E (OVERLINE). They are kept as ASCII, as
 * WHATWG Shift_JIS, pydicom and dcmtk do: in DICOM 0x5C is the value delimiter whatever the character set.
 */
export const ISO_IR_14: G0Element = { register: 'G0', multiByte: false, decode: latin1 };
export const ISO_IR_87: G0Element = { register: 'G0', multiByte: true, decode: jisX0208 };
export const ISO_IR_159: G0Element = { register: 'G0', multiByte: true, decode: jisX0212 };

function g1(decode: (bytes: Uint8Array) => string): G1Element {
  return { register: 'G1', decode };
}

/**
 * G1 when nothing is designated (default repertoire). Bytes >= 0x80 are not valid there, but files without
 * (0008,0005) often carry Latin-1; reading them as Latin-1 keeps every byte inspectable instead of U+FFFD.
 */
export const NO_G1 = g1(latin1);
export const ISO_IR_100 = g1(latin1);
export const ISO_IR_101 = g1(isoUpperHalf('iso-8859-2'));
export const ISO_IR_109 = g1(isoUpperHalf('iso-8859-3'));
export const ISO_IR_110 = g1(isoUpperHalf('iso-8859-4'));
export const ISO_IR_144 = g1(isoUpperHalf('iso-8859-5'));
export const ISO_IR_127 = g1(isoUpperHalf('iso-8859-6'));
export const ISO_IR_126 = g1(isoUpperHalf('iso-8859-7'));
export const ISO_IR_138 = g1(isoUpperHalf('iso-8859-8'));
export const ISO_IR_148 = g1(isoUpperHalf('iso-8859-9'));
export const ISO_IR_203 = g1(isoUpperHalf('iso-8859-15'));
export const ISO_IR_166 = g1(isoUpperHalf('tis-620'));
/**
 * JIS X 0201 katakana (0xA1-0xDF). Decoded as full Shift_JIS, of which it is the single-byte part: writers
 * that declare ISO_IR 13 but store double-byte Shift_JIS (Orthanc does) are then still read correctly.
 */
export const ISO_IR_13 = g1(whatwg('shift_jis'));
/** KS X 1001 in GR is EUC-KR. */
export const ISO_IR_149 = g1(whatwg('euc-kr'));
/** GB 2312 in GR is EUC-CN, a subset of GBK. */
export const ISO_IR_58 = g1(whatwg('gbk'));

/** Escape sequences, written as the bytes that follow ESC. */
const BY_ESCAPE = new Map<string, CodeElement>([
  ['(B', ISO_IR_6],
  ['(J', ISO_IR_14],
  ['$B', ISO_IR_87],
  ['$(D', ISO_IR_159],
  [')I', ISO_IR_13],
  ['-A', ISO_IR_100],
  ['-B', ISO_IR_101],
  ['-C', ISO_IR_109],
  ['-D', ISO_IR_110],
  ['-L', ISO_IR_144],
  ['-G', ISO_IR_127],
  ['-F', ISO_IR_126],
  ['-H', ISO_IR_138],
  ['-M', ISO_IR_148],
  ['-b', ISO_IR_203],
  ['-T', ISO_IR_166],
  ['$)C', ISO_IR_149],
  ['$)A', ISO_IR_58],
]);

/** The code element an escape sequence designates, or undefined for sequences DICOM does not use. */
export function codeElementForEscape(afterEsc: string): CodeElement | undefined {
  return BY_ESCAPE.get(afterEsc);
}
