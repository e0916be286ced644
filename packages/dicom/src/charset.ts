/**
 * Character sets of DICOM text (PS3.5 §6.1 and Annexes H, I, J, K): reading values in the repertoire their
 * Specific Character Set (0008,0005) declares, and writing the engine's own values as plain ASCII.
 */
import { latin1 } from './charset/code-elements.js';
import { characterSetScheme } from './charset/defined-terms.js';
import { UnknownCharacterSetError } from './charset/errors.js';
import { decodeIso2022 } from './charset/iso2022.js';
import { isVR, usesCharacterSet } from './vr.js';

export { UnknownCharacterSetError };

/**
 * The defined terms of a Specific Character Set value, trimmed of padding. An empty first term means the default
 * repertoire (as in "\ISO 2022 IR 87"); an empty value gives no terms, which also means the default repertoire.
 */
export function parseSpecificCharacterSet(value: string): string[] {
  if (value.trim() === '') return [];
  return value.split('\\').map((term) => term.trim());
}

const CR = 0x0d;
const LF = 0x0a;
const FF = 0x0c;
const TAB = 0x09;
const BACKSLASH = 0x5c;
const CARET = 0x5e;
const EQUALS = 0x3d;

/**
 * Where the initial character set is active again (PS3.5 §6.1.2.5.3): at control characters in all text, at the
 * value delimiter in multi-valued VRs (ST, LT and UT hold one value, their backslash is a character),
 * and at the component and component group delimiters of person names.
 */
const CONTROL_RESETS: ReadonlySet<number> = new Set([CR, LF, FF, TAB]);
const VALUE_RESETS: ReadonlySet<number> = new Set([...CONTROL_RESETS, BACKSLASH]);
const PERSON_NAME_RESETS: ReadonlySet<number> = new Set([...VALUE_RESETS, CARET, EQUALS]);
const MULTI_VALUED_TEXT = new Set(['SH', 'LO', 'UC']);

function resetBytesFor(vr: string): ReadonlySet<number> {
  if (vr === 'PN') return PERSON_NAME_RESETS;
  return MULTI_VALUED_TEXT.has(vr) ? VALUE_RESETS : CONTROL_RESETS;
}

/**
 * Decodes a whole value field (all values, padding included; split on '\' afterwards, because in GBK and
 * GB18030 a second byte can be 0x5C). Only SH, LO, ST, LT, UT, PN and UC use the character set; other VRs are
 * read byte for byte (code point = byte). Bytes the declared set does not define become U+FFFD.
 *
 * @throws UnknownCharacterSetError for defined terms or escape sequences this decoder does not know.
 */
export function decodeText(bytes: Uint8Array, specificCharacterSet: readonly string[], vr: string): string {
  if (!isVR(vr) || !usesCharacterSet(vr)) return latin1(bytes);
  const scheme = characterSetScheme(specificCharacterSet);
  if (scheme.kind === 'standalone') return scheme.decode(bytes);
  return decodeIso2022(bytes, scheme.initial, {
    codeExtensions: scheme.codeExtensions,
    resetBytes: resetBytesFor(vr),
  });
}

const ESC = 0x1b;

/**
 * Encodes a value the engine writes. Only ASCII is accepted: every defined term keeps ASCII as is in G0 (JIS X 0201
 * Romaji differs at 0x5C and 0x7E only, which DICOM reads as ASCII), so the bytes read the same under whatever
 * Specific Character Set the data set declares. ESC is refused too,
 * because readers would take it for the start of an ISO 2022 escape sequence.
 */
export function encodeAsciiText(value: string): Uint8Array {
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0x7f || code === ESC) {
      const shown = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
      throw new RangeError(`encodeAsciiText: ${shown} at index ${i} is not allowed; values written by the engine must be ASCII without ESC`);
    }
    bytes[i] = code;
  }
  return bytes;
}
