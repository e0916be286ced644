import { decodeText, encodeAsciiText, parseSpecificCharacterSet } from './charset.js';
import { DataSet, type DataElement } from './model.js';
import { SPECIFIC_CHARACTER_SET, type Tag } from './tag.js';
import { usesCharacterSet, type VR } from './vr.js';

const latin1 = new TextDecoder('latin1');

/** The value bytes as text without decoding a character set: right for UI, CS, DA, TM, DS, IS, AE, AS. */
export function asciiOf(element: DataElement): string {
  return latin1.decode(element.value).replace(/[\0 ]+$/, '').replace(/^ +/, '');
}

export function stringValue(dataset: DataSet, tag: Tag): string | undefined {
  const element = dataset.get(tag);
  return element ? asciiOf(element) : undefined;
}

/** The character set in force for a data set: its own (0008,0005) or the one inherited from the enclosing data set. */
export function characterSetOf(dataset: DataSet, inherited: readonly string[] = []): readonly string[] {
  const element = dataset.get(SPECIFIC_CHARACTER_SET);
  return element ? parseSpecificCharacterSet(latin1.decode(element.value)) : inherited;
}

/** The element's text as a person would read it, decoded in the character set in force. */
export function textOf(element: DataElement, characterSet: readonly string[]): string {
  const text = usesCharacterSet(element.vr) ? decodeText(element.value, characterSet, element.vr) : latin1.decode(element.value);
  return text.replace(/[\0 ]+$/, '');
}

/** Encodes an ASCII string value padded to even length; engine-written values are ASCII so they fit every character set. */
export function encodeAscii(text: string, vr: VR): Uint8Array {
  return encodeAsciiText(text.length % 2 === 1 ? text + (vr === 'UI' ? '\0' : ' ') : text);
}

export function setString(dataset: DataSet, tag: Tag, vr: VR, text: string): void {
  dataset.set({ tag, vr, value: encodeAscii(text, vr) });
}

export function uint16Value(dataset: DataSet, tag: Tag): number | undefined {
  const value = dataset.get(tag)?.value;
  return value && value.length >= 2 ? value[0]! | (value[1]! << 8) : undefined;
}
