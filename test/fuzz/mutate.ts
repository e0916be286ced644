/**
 * Seeded mutations of real DICOM files, the ways an attacker or a broken writer would make them: flipped bytes,
 * lengths that lie, truncation, sequences nested too deep, huge declared and inflated values, bad character sets.
 * The same seed gives the same mutants, so a failure found once can be found again.
 */
import { constants, deflateRawSync } from 'node:zlib';
import { ctElements, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, element, EXPLICIT_VR_LITTLE_ENDIAN, header, LONG_LENGTH_VRS, metaHeader } from '../support/hostile-files.js';

/** mulberry32: small, fast, and good enough to pick mutations. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const below = (random: Random, n: number): number => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[below(random, items.length)]!;

const MiB = 1024 * 1024;
const VRS = new Set([...LONG_LENGTH_VRS, 'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'PN', 'SH', 'SL', 'SS', 'ST', 'TM', 'UI', 'UL', 'US']);
const DATA_SET_START = 132;

/** Offsets of what look like explicit VR element headers (tag, two upper-case VR letters). */
function elementHeaders(bytes: Uint8Array): number[] {
  const offsets: number[] = [];
  for (let i = DATA_SET_START; i + 8 <= bytes.length && offsets.length < 4096; i++) {
    if (VRS.has(String.fromCharCode(bytes[i + 4]!, bytes[i + 5]!))) offsets.push(i);
  }
  return offsets;
}

function flipBytes(bytes: Uint8Array, random: Random): Uint8Array {
  const out = bytes.slice();
  const count = 1 + below(random, 16);
  for (let i = 0; i < count; i++) {
    const at = DATA_SET_START + below(random, Math.max(1, out.length - DATA_SET_START));
    out[at] = (out[at] ?? 0) ^ (1 << below(random, 8));
  }
  return out;
}

const LYING_LENGTHS = [0, 1, 0xfffe, 0xffff, 0x7fffffff, 0xfffffff0, 0xfffffffe, 0xffffffff];

/** One element's length replaced by a lie: zero, odd, just past the end, or gigabytes. */
function lieAboutLength(bytes: Uint8Array, random: Random): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const headers = elementHeaders(out);
  if (headers.length === 0) return flipBytes(bytes, random);
  const at = pick(random, headers);
  const vr = String.fromCharCode(out[at + 4]!, out[at + 5]!);
  const lie = random() < 0.5 ? pick(random, LYING_LENGTHS) : out.length - at + below(random, 64) - 32;
  if (LONG_LENGTH_VRS.has(vr)) {
    if (at + 12 <= out.length) view.setUint32(at + 8, lie >>> 0, true);
  } else {
    view.setUint16(at + 6, lie & 0xffff, true);
  }
  return out;
}

function truncate(bytes: Uint8Array, random: Random): Uint8Array {
  return bytes.slice(0, below(random, bytes.length));
}

// --- whole files, built with the hostile-file helpers ---

const UNDEFINED = 0xffffffff;
const CONTENT_SEQUENCE_START = header(0x0040, 0xa730, 'SQ', UNDEFINED);
const ITEM = Uint8Array.of(0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff);
const ITEM_END = Uint8Array.of(0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0);
const SEQUENCE_END = Uint8Array.of(0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0);

/** Content Sequence (0040,A730) nested `depth` times, each level an undefined-length item; sometimes unclosed. */
function deepNesting(random: Random): Uint8Array {
  const depth = 10 + below(random, random() < 0.5 ? 100 : 20_000);
  const parts: Uint8Array[] = [metaHeader(EXPLICIT_VR_LITTLE_ENDIAN), ctElements()];
  for (let i = 0; i < depth; i++) parts.push(CONTENT_SEQUENCE_START, ITEM);
  if (random() < 0.8) for (let i = 0; i < depth; i++) parts.push(ITEM_END, SEQUENCE_END);
  return Buffer.concat(parts);
}

/** A UT value that declares far more than the file holds, or holds a lot. */
function hugeDeclared(random: Random): Uint8Array {
  const actual = random() < 0.9 ? below(random, 64 * 1024) : 16 * MiB + below(random, 8 * MiB);
  const declared = random() < 0.3 ? actual : pick(random, [0xfffffff0, 512 * MiB, 64 * MiB, actual + 2]);
  return Buffer.concat([metaHeader(EXPLICIT_VR_LITTLE_ENDIAN), ctElements(), element(0x0040, 0xa160, 'UT', Buffer.alloc(actual, 'x'), declared)]);
}

/** 1 MiB of text deflated once: repeated, it inflates to as many MiB as it is repeated (sync-flushed segments concatenate). */
let deflatedMebibyte: Buffer | undefined;
function mebibyteSegment(): Buffer {
  deflatedMebibyte ??= deflateRawSync(Buffer.alloc(MiB, 'Findings unremarkable. '), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  return deflatedMebibyte;
}

/** A Deflated Explicit VR Little Endian file whose data set inflates to tens or hundreds of MiB of one UT value. */
function deflateBomb(random: Random): Uint8Array {
  const mebibytes = pick(random, [8, 20, 100, 300, 1024]);
  const head = deflateRawSync(Buffer.concat([ctElements(), header(0x0040, 0xa160, 'UT', mebibytes * MiB)]), { finishFlush: constants.Z_SYNC_FLUSH });
  const final = deflateRawSync(new Uint8Array(0));
  return Buffer.concat([metaHeader(DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN), head, ...Array.from({ length: mebibytes }, mebibyteSegment), final]);
}

const CHARSETS = ['ISO 2022 IR 87', 'ISO_IR 192', 'GB18030', 'GBK', 'ISO 2022 IR 149\\ISO 2022 IR 87', '\\ISO 2022 IR 13', 'ISO_IR 13\\ISO 2022 IR 87', 'BOGUS-SET', '\\\\\\', 'ISO_IR 100\\ISO_IR 101', ''];

/** A declared character set that is wrong, unknown or mixed, over a name of random bytes with escape sequences. */
function badCharset(random: Random): Uint8Array {
  const name = new Uint8Array(2 + 2 * below(random, 40));
  for (let i = 0; i < name.length; i++) name[i] = random() < 0.15 ? 0x1b : below(random, 256);
  return Buffer.concat([metaHeader(EXPLICIT_VR_LITTLE_ENDIAN), ctElements(undefined, { characterSet: pick(random, CHARSETS), patientName: name })]);
}

export type MutationKind = 'flip' | 'length-lie' | 'truncate' | 'deep-nesting' | 'huge-declared' | 'deflate-bomb' | 'bad-charset';

export interface Mutant {
  readonly kind: MutationKind;
  readonly bytes: Uint8Array;
}

/**
 * One mutant: most are corpus files with flipped bytes, lying lengths or cut short; the rest are built here
 * (deep nesting, huge values, deflate bombs, bad character sets). `bombs` allows the slow, large-output kinds.
 */
export function mutate(source: Uint8Array, random: Random, bombs = true): Mutant {
  const roll = random();
  if (roll < 0.35) return { kind: 'flip', bytes: flipBytes(source, random) };
  if (roll < 0.65) return { kind: 'length-lie', bytes: lieAboutLength(source, random) };
  if (roll < 0.8) return { kind: 'truncate', bytes: truncate(source, random) };
  if (roll < 0.87) return { kind: 'bad-charset', bytes: badCharset(random) };
  if (roll < 0.94) return { kind: 'deep-nesting', bytes: deepNesting(random) };
  if (roll < 0.98 || !bombs) return { kind: 'huge-declared', bytes: hugeDeclared(random) };
  return { kind: 'deflate-bomb', bytes: deflateBomb(random) };
}
