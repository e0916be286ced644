import type { DataSet } from '@deid-share/dicom';
import { makeTag } from '@deid-share/dicom';

const ITEM_GROUP = 0xfffe;
const ITEM_ELEMENT = 0xe000;
export const EXTENDED_OFFSET_TABLE = makeTag(0x7fe0, 0x0001);
export const EXTENDED_OFFSET_TABLE_LENGTHS = makeTag(0x7fe0, 0x0002);

interface Fragment {
  /** Offset of the item header from the first fragment after the Basic Offset Table (how offset tables count). */
  readonly offset: number;
  readonly bytes: Uint8Array;
}

/** The items of an encapsulated Pixel Data value (as the reader keeps it: items without the closing delimiter). */
function readItems(value: Uint8Array, source: string): Uint8Array[] {
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const items: Uint8Array[] = [];
  for (let pos = 0; pos + 8 <= value.length; ) {
    if (view.getUint16(pos, true) !== ITEM_GROUP || view.getUint16(pos + 2, true) !== ITEM_ELEMENT) {
      throw new Error(`${source}: encapsulated Pixel Data (7FE0,0010) holds something other than an item at byte ${pos} of its value`);
    }
    const length = view.getUint32(pos + 4, true);
    items.push(value.subarray(pos + 8, pos + 8 + length));
    pos += 8 + length;
  }
  if (items.length === 0) throw new Error(`${source}: encapsulated Pixel Data (7FE0,0010) has no Basic Offset Table item`);
  return items;
}

function uint32s(bytes: Uint8Array | undefined, size: 4 | 8): number[] {
  if (!bytes) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: number[] = [];
  for (let pos = 0; pos + size <= bytes.length; pos += size) values.push(size === 4 ? view.getUint32(pos, true) : Number(view.getBigUint64(pos, true)));
  return values;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const result = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

/** True where a fragment opens a new JPEG, JPEG-LS or JPEG 2000 codestream (SOI, or SOC followed by SIZ). */
function startsCodestream(bytes: Uint8Array): boolean {
  return bytes[0] === 0xff && (bytes[1] === 0xd8 || (bytes[1] === 0x4f && bytes[2] === 0xff && bytes[3] === 0x51));
}

/**
 * The compressed bytes of each frame. Fragments are grouped by the Extended or Basic Offset Table when present;
 * otherwise one fragment per frame when the counts agree, or by the codestream markers that open each frame.
 */
export function encapsulatedFrames(dataset: DataSet, value: Uint8Array, frameCount: number, source: string): Uint8Array[] {
  const [table, ...items] = readItems(value, source);
  let offset = 0;
  const fragments: Fragment[] = items.map((bytes) => {
    const fragment = { offset, bytes };
    offset += 8 + bytes.length;
    return fragment;
  });
  if (fragments.length === 0) throw new Error(`${source}: encapsulated Pixel Data (7FE0,0010) holds no fragment`);
  if (frameCount === 1) return [concat(fragments.map((fragment) => fragment.bytes))];

  const extended = uint32s(dataset.get(EXTENDED_OFFSET_TABLE)?.value, 8);
  const offsets = extended.length === frameCount ? extended : uint32s(table, 4);
  let groups: Fragment[][];
  if (offsets.length === frameCount) {
    groups = offsets.map((start, index) => fragments.filter((fragment) => fragment.offset >= start && fragment.offset < (offsets[index + 1] ?? Infinity)));
  } else if (fragments.length === frameCount) {
    groups = fragments.map((fragment) => [fragment]);
  } else {
    groups = [];
    for (const fragment of fragments) {
      if (startsCodestream(fragment.bytes) || groups.length === 0) groups.push([fragment]);
      else groups.at(-1)!.push(fragment);
    }
  }
  if (groups.length !== frameCount || groups.some((group) => group.length === 0)) {
    throw new Error(`${source}: cannot tell which of the ${fragments.length} fragments of Pixel Data (7FE0,0010) belong to which of its ${frameCount} frames (no usable offset table): re-encode the file with one fragment per frame`);
  }
  return groups.map((group) => concat(group.map((fragment) => fragment.bytes)));
}

/** An encapsulated Pixel Data value: a Basic Offset Table naming every frame, then one even-length fragment per frame. */
export function encapsulate(frames: readonly Uint8Array[]): Uint8Array {
  const padded = frames.map((frame) => frame.length + (frame.length % 2));
  const tableLength = 4 * frames.length;
  const total = 8 + tableLength + padded.reduce((sum, length) => sum + 8 + length, 0);
  const value = new Uint8Array(total);
  const view = new DataView(value.buffer);
  const item = (pos: number, length: number): void => {
    view.setUint16(pos, ITEM_GROUP, true);
    view.setUint16(pos + 2, ITEM_ELEMENT, true);
    view.setUint32(pos + 4, length, true);
  };
  item(0, tableLength);
  let pos = 8 + tableLength;
  frames.forEach((frame, index) => {
    view.setUint32(8 + 4 * index, pos - 8 - tableLength, true);
    item(pos, padded[index]!);
    value.set(frame, pos + 8);
    pos += 8 + padded[index]!;
  });
  return value;
}
