/** A DICOM tag as one unsigned 32-bit number: group in the high 16 bits, element in the low 16 bits. */
export type Tag = number;

export function makeTag(group: number, element: number): Tag {
  return ((group << 16) | element) >>> 0;
}

export function groupOf(tag: Tag): number {
  return tag >>> 16;
}

export function elementOf(tag: Tag): number {
  return tag & 0xffff;
}

/** Private data elements live in odd groups above 0x0008 (groups 1, 3, 5, 7 and 0xFFFF are not valid private groups). */
export function isPrivateTag(tag: Tag): boolean {
  const group = groupOf(tag);
  return group % 2 === 1 && group > 0x0008 && group !== 0xffff;
}

/** (gggg,0010)–(gggg,00FF) in a private group reserve a block for the creator named in their value. */
export function isPrivateCreatorTag(tag: Tag): boolean {
  const element = elementOf(tag);
  return isPrivateTag(tag) && element >= 0x0010 && element <= 0x00ff;
}

/** The creator element that reserves the block a private data element belongs to. */
export function privateCreatorTagFor(tag: Tag): Tag {
  return makeTag(groupOf(tag), (elementOf(tag) >>> 8) & 0xff);
}

function hex4(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0');
}

/** "(0010,0010)": the notation of the standard, used in every message and report. */
export function formatTag(tag: Tag): string {
  return `(${hex4(groupOf(tag))},${hex4(elementOf(tag))})`;
}

/** Accepts "(0010,0010)", "0010,0010" and "00100010". */
export function parseTag(text: string): Tag {
  const match = /^\(?([0-9a-fA-F]{4}),?([0-9a-fA-F]{4})\)?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a DICOM tag: write it as (gggg,eeee) with hexadecimal digits`);
  return makeTag(parseInt(match[1]!, 16), parseInt(match[2]!, 16));
}

export const ITEM = makeTag(0xfffe, 0xe000);
export const ITEM_DELIMITATION = makeTag(0xfffe, 0xe00d);
export const SEQUENCE_DELIMITATION = makeTag(0xfffe, 0xe0dd);
export const PIXEL_DATA = makeTag(0x7fe0, 0x0010);
export const SPECIFIC_CHARACTER_SET = makeTag(0x0008, 0x0005);
