import { makeTag, type DataSet } from '@deid-share/dicom';

const DESCRIPTORS = [makeTag(0x0028, 0x1101), makeTag(0x0028, 0x1102), makeTag(0x0028, 0x1103)] as const;
const DATA = [makeTag(0x0028, 0x1201), makeTag(0x0028, 0x1202), makeTag(0x0028, 0x1203)] as const;
const SEGMENTED_DATA = [makeTag(0x0028, 0x1221), makeTag(0x0028, 0x1222), makeTag(0x0028, 0x1223)] as const;

/** A PALETTE COLOR image's lookup tables, each entry scaled to 0–255. */
export interface Palette {
  readonly firstMapped: number;
  readonly red: Uint8Array;
  readonly green: Uint8Array;
  readonly blue: Uint8Array;
}

function uint16s(bytes: Uint8Array | undefined): number[] {
  if (!bytes) return [];
  const values: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) values.push(bytes[i]! | (bytes[i + 1]! << 8));
  return values;
}

/**
 * Expands a segmented lookup table (PS3.3 C.7.9.2): discrete segments (opcode 0) copy their values, linear
 * segments (1) run from the previous value to the next one, indirect segments (2) repeat earlier segments found at a
 * word offset. `segments` bounds an indirect expansion.
 */
function expandSegments(words: readonly number[], start = 0, segments = Infinity, previous?: number, depth = 0): number[] {
  const table: number[] = [];
  const last = (): number => {
    const value = table.length > 0 ? table[table.length - 1] : previous;
    if (value === undefined) throw new Error('a linear or indirect segment comes first');
    return value;
  };
  let offset = start;
  for (let read = 0; read < segments && offset + 1 < words.length; read++) {
    const [opcode, length] = [words[offset]!, words[offset + 1]!];
    offset += 2;
    if (opcode === 0) {
      table.push(...words.slice(offset, offset + length));
      offset += length;
    } else if (opcode === 1) {
      const [from, to] = [last(), words[offset]!];
      for (let step = 1; step <= length; step++) table.push(Math.round(from + ((to - from) * step) / length));
      offset += 1;
    } else if (opcode === 2 && depth === 0) {
      const target = words[offset]! | (words[offset + 1]! << 16);
      table.push(...expandSegments(words, target, length, last(), depth + 1));
      offset += 2;
    } else {
      throw new Error(`opcode ${opcode} at word ${offset - 2} is not one PS3.3 C.7.9.2 defines`);
    }
  }
  return table;
}

function table(dataset: DataSet, index: 0 | 1 | 2): Uint8Array {
  const [entries = 0, , bits = 16] = uint16s(dataset.get(DESCRIPTORS[index])?.value);
  const count = entries === 0 ? 65536 : entries;
  const scale = (value: number): number => (bits === 8 ? value & 0xff : value >> 8);
  const segmented = dataset.get(SEGMENTED_DATA[index])?.value;
  if (!dataset.has(DATA[index]) && segmented) return Uint8Array.from(expandSegments(uint16s(segmented)).slice(0, count), scale);
  const data = dataset.get(DATA[index])?.value ?? new Uint8Array(0);
  // 8-bit entries may be packed two per word (PS3.3 C.7.6.3.1.6); 16-bit entries are one per word.
  if (bits === 8 && data.length === count) return data.slice();
  return Uint8Array.from(uint16s(data).slice(0, count), scale);
}

export function readPalette(dataset: DataSet, source: string): Palette {
  let tables: Uint8Array[];
  try {
    tables = [table(dataset, 0), table(dataset, 1), table(dataset, 2)];
  } catch (error) {
    throw new Error(`${source}: the Segmented Palette Color Lookup Table Data (0028,1221-1223) cannot be expanded: ${(error as Error).message}; convert the image to RGB first`);
  }
  const [red, green, blue] = tables as [Uint8Array, Uint8Array, Uint8Array];
  if (red.length === 0 || red.length !== green.length || red.length !== blue.length) {
    throw new Error(`${source}: PALETTE COLOR image without readable Red/Green/Blue Palette Color Lookup Table Data (0028,1201-1203 or segmented 1221-1223): convert it to RGB first`);
  }
  return { firstMapped: uint16s(dataset.get(DESCRIPTORS[0])?.value)[1] ?? 0, red, green, blue };
}
