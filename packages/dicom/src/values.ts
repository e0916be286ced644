import { decodeText, encodeAsciiText, parseSpecificCharacterSet } from './charset.js';
import { DataSet, type DataElement } from './model.js';
import { formatTag, SPECIFIC_CHARACTER_SET, type Tag } from './tag.js';
import { usesCharacterSet, type VR } from './vr.js';

const latin1 = new TextDecoder('latin1');
const MiB = 1024 * 1024;

/**
 * The most bytes of one value that are ever decoded as text (to read, clean or scan it). A string costs one to two
 * bytes per character and every regular expression over it more, so a larger value is refused, not read: real text
 * values are far smaller, and part of the per-instance memory budget (docs/security.md) rests on this.
 */
export const MAX_TEXT_VALUE_BYTES = 4 * MiB;

/** A value too large to be decoded as text; the message names the tag and what to do. */
export class ValueTooLargeError extends Error {
  readonly tag: Tag;

  constructor(element: DataElement) {
    super(
      `${formatTag(element.tag)} holds ${(element.value.length / MiB).toFixed(1)} MiB of ${element.vr}, more than the ${MAX_TEXT_VALUE_BYTES / MiB} MiB ` +
        'a text value may have to be read, cleaned and checked for PHI; if the value is not needed, have the profile remove it and run again',
    );
    this.name = 'ValueTooLargeError';
    this.tag = element.tag;
  }
}

/** The value bytes of an element that may be decoded as text; throws ValueTooLargeError beyond MAX_TEXT_VALUE_BYTES. */
export function textBytesOf(element: DataElement): Uint8Array {
  if (element.value.length > MAX_TEXT_VALUE_BYTES) throw new ValueTooLargeError(element);
  return element.value;
}

/** The value bytes as Latin-1 text, refused (ValueTooLargeError) beyond MAX_TEXT_VALUE_BYTES. */
export function rawTextOf(element: DataElement): string {
  return latin1.decode(textBytesOf(element));
}

/** The value bytes as text without decoding a character set: right for UI, CS, DA, TM, DS, IS, AE, AS. */
export function asciiOf(element: DataElement): string {
  return rawTextOf(element).replace(/[\0 ]+$/, '').replace(/^ +/, '');
}

export function stringValue(dataset: DataSet, tag: Tag): string | undefined {
  const element = dataset.get(tag);
  return element ? asciiOf(element) : undefined;
}

/** The character set in force for a data set: its own (0008,0005) or the one inherited from the enclosing data set. */
export function characterSetOf(dataset: DataSet, inherited: readonly string[] = []): readonly string[] {
  const element = dataset.get(SPECIFIC_CHARACTER_SET);
  return element ? parseSpecificCharacterSet(rawTextOf(element)) : inherited;
}

/** The element's text as a person would read it, decoded in the character set in force. */
export function textOf(element: DataElement, characterSet: readonly string[]): string {
  const text = usesCharacterSet(element.vr) ? decodeText(textBytesOf(element), characterSet, element.vr) : rawTextOf(element);
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
