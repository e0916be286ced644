import { makeTag, type DataSet } from '@deid-share/dicom';

const DESCRIPTORS = [makeTag(0x0028, 0x1101), makeTag(0x0028, 0x1102), makeTag(0x0028, 0x1103)] as const;
const DATA = [makeTag(0x0028, 0x1201), makeTag(0x0028, 0x1202), makeTag(0x0028, 0x1203)] as const;

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

function table(dataset: DataSet, index: 0 | 1 | 2): Uint8Array {
  const [entries = 0, , bits = 16] = uint16s(dataset.get(DESCRIPTORS[index])?.value);
  const data = dataset.get(DATA[index])?.value ?? new Uint8Array(0);
  const count = entries === 0 ? 65536 : entries;
  // 8-bit entries may be packed two per word (PS3.3 C.7.6.3.1.6); 16-bit entries are one per word.
  if (bits === 8 && data.length === count) return data.slice();
  return Uint8Array.from(uint16s(data).slice(0, count), (value) => (bits === 8 ? value & 0xff : value >> 8));
}

export function readPalette(dataset: DataSet, source: string): Palette {
  const [red, green, blue] = [table(dataset, 0), table(dataset, 1), table(dataset, 2)];
  if (red.length === 0 || red.length !== green.length || red.length !== blue.length) {
    throw new Error(`${source}: PALETTE COLOR image without readable Red/Green/Blue Palette Color Lookup Table Data (0028,1201-1203) (segmented palettes are not supported): convert it to RGB first`);
  }
  return { firstMapped: uint16s(dataset.get(DESCRIPTORS[0])?.value)[1] ?? 0, red, green, blue };
}
