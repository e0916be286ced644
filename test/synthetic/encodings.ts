import { makeTag, type Tag } from '@deid-share/dicom';

const even = (bytes: Uint8Array, pad: number): Uint8Array => (bytes.length % 2 === 0 ? bytes : Uint8Array.from([...bytes, pad]));

export const us = (...values: number[]): Uint8Array => new Uint8Array(Uint16Array.from(values).buffer);
export const ss = (...values: number[]): Uint8Array => new Uint8Array(Int16Array.from(values).buffer);
export const latin1 = (text: string): Uint8Array => even(Uint8Array.from(text, (char) => char.charCodeAt(0)), 0x20);
export const utf8 = (text: string): Uint8Array => even(new TextEncoder().encode(text), 0x20);

/**
 * "Yamada^Tarou=山田^太郎=やまだ^たろう" in ISO 2022 IR 87: the example of PS3.5 H.3.1, escape sequences to JIS X 0208
 * (ESC $ B) and back to ASCII (ESC ( B) around each ideographic and phonetic component.
 */
const ESC_JIS = [0x1b, 0x24, 0x42];
const ESC_ASCII = [0x1b, 0x28, 0x42];
const jis = (...codes: number[]): number[] => [...ESC_JIS, ...codes, ...ESC_ASCII];
export const YAMADA = { family: '山田', given: '太郎', romanised: 'Yamada^Tarou' };
export const YAMADA_PN = Uint8Array.from([
  ...latin1('Yamada^Tarou='), ...jis(0x3b, 0x33, 0x45, 0x44), 0x5e, ...jis(0x42, 0x40, 0x4f, 0x3a), 0x3d,
  ...jis(0x24, 0x64, 0x24, 0x5e, 0x24, 0x40), 0x5e, ...jis(0x24, 0x3f, 0x24, 0x6d, 0x24, 0x26),
]);
/** "山田 MRI" in ISO 2022 IR 87. */
export const YAMADA_DESCRIPTION = even(Uint8Array.from([...jis(0x3b, 0x33, 0x45, 0x44), ...latin1(' MRI')]), 0x20);

/** An element in implicit VR little endian: tag, 32-bit length, value (the encoding of sequences sent as UN). */
function implicitElement(tag: Tag, value: Uint8Array): number[] {
  const header = new DataView(new ArrayBuffer(8));
  header.setUint16(0, tag >>> 16, true);
  header.setUint16(2, tag & 0xffff, true);
  header.setUint32(4, value.length, true);
  return [...new Uint8Array(header.buffer), ...value];
}

/** The items of a sequence as the value of a UN element: each item (FFFE,E000) with its elements, explicit lengths. */
export function implicitItems(items: readonly (readonly [Tag, Uint8Array])[][]): Uint8Array {
  return Uint8Array.from(items.flatMap((elements) => implicitElement(makeTag(0xfffe, 0xe000), Uint8Array.from(elements.flatMap(([tag, value]) => implicitElement(tag, even(value, 0x20)))))));
}
