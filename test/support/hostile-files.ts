/**
 * Hostile DICOM files written straight to disk: a huge text value (plain or deflated), a made-up transfer syntax.
 * The big value is streamed out in chunks, so the test itself never holds it. The element builders are shared with
 * the fuzzer (test/fuzz/mutate.ts).
 */
import { once } from 'node:events';
import { closeSync, createWriteStream, openSync, writeSync } from 'node:fs';
import { constants, createDeflateRaw } from 'node:zlib';

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
/** VRs whose explicit VR header has a 4-byte length. */
export const LONG_LENGTH_VRS: ReadonlySet<string> = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV']);
const MiB = 1024 * 1024;

/**
 * One element in explicit VR little endian; `value` padded to even length with a space (a NUL for UI). `length`
 * declares another length than the value's (a lie, or an undefined length).
 */
export function element(group: number, elementNumber: number, vr: string, value: string | Uint8Array, length?: number): Buffer {
  let bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : Buffer.from(value);
  if (bytes.length % 2 === 1) bytes = Buffer.concat([bytes, Buffer.from(vr === 'UI' ? [0] : [0x20])]);
  return Buffer.concat([header(group, elementNumber, vr, length ?? bytes.length), bytes]);
}

/** The header of an element whose value follows separately (streamed, or never: a length that lies). */
export function header(group: number, elementNumber: number, vr: string, length: number): Buffer {
  const long = LONG_LENGTH_VRS.has(vr);
  const out = Buffer.alloc(long ? 12 : 8);
  out.writeUInt16LE(group, 0);
  out.writeUInt16LE(elementNumber, 2);
  out.write(vr, 4, 'latin1');
  if (long) out.writeUInt32LE(length >>> 0, 8);
  else out.writeUInt16LE(length, 6);
  return out;
}

/** Where the instance belongs; by default a study of its own. */
export interface InstanceUids {
  readonly study: string;
  readonly series: string;
  readonly sop: string;
}

export const DEFAULT_UIDS: InstanceUids = { study: '1.2.826.0.1.3680043.8.498.1', series: '1.2.826.0.1.3680043.8.498.11', sop: '1.2.826.0.1.3680043.8.498.77001' };

/** Preamble, DICM and the file meta group for a CT image in `transferSyntax`. */
export function metaHeader(transferSyntax: string, uids: InstanceUids = DEFAULT_UIDS): Buffer {
  const group = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Uint8Array.of(0, 1)),
    element(0x0002, 0x0002, 'UI', '1.2.840.10008.5.1.4.1.1.2'),
    element(0x0002, 0x0003, 'UI', uids.sop),
    element(0x0002, 0x0010, 'UI', transferSyntax),
    element(0x0002, 0x0012, 'UI', '1.2.3.4'),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(group.length);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), element(0x0002, 0x0000, 'UL', length), group]);
}

/**
 * The identifying header of a CT image, up to (but not including) group 0040; BurnedInAnnotation NO. A Specific
 * Character Set and the bytes of the Patient's Name may be given (the fuzzer's bad character sets).
 */
export function ctElements(uids: InstanceUids = DEFAULT_UIDS, text: { characterSet?: string; patientName?: Uint8Array } = {}): Buffer {
  return Buffer.concat([
    ...(text.characterSet === undefined ? [] : [element(0x0008, 0x0005, 'CS', text.characterSet)]),
    element(0x0008, 0x0016, 'UI', '1.2.840.10008.5.1.4.1.1.2'),
    element(0x0008, 0x0018, 'UI', uids.sop),
    element(0x0008, 0x0020, 'DA', '20230115'),
    element(0x0008, 0x0060, 'CS', 'CT'),
    element(0x0010, 0x0010, 'PN', text.patientName ?? 'Doe^John'),
    element(0x0010, 0x0020, 'LO', 'MRN-12345'),
    element(0x0020, 0x000d, 'UI', uids.study),
    element(0x0020, 0x000e, 'UI', uids.series),
    element(0x0028, 0x0301, 'CS', 'NO'),
  ]);
}

export interface HugeTextOptions {
  /** Size of the UT value in MiB. */
  readonly mebibytes: number;
  /** Write the data set deflated (Deflated Explicit VR Little Endian): a few hundred KB on disk. */
  readonly deflated?: boolean;
  /**
   * Where the value sits: Text Value (0040,A160), which the profiles keep and the scanner reads, or Patient
   * Comments (0010,4000) sent as UT, which every profile removes.
   */
  readonly tag?: 'kept' | 'removed';
  readonly uids?: InstanceUids;
}

/** Writes a CT instance whose data set holds one UT value of `mebibytes` MiB of ordinary text. */
export async function writeHugeTextFile(path: string, options: HugeTextOptions): Promise<void> {
  const [group, elementNumber] = options.tag === 'removed' ? [0x0010, 0x4000] : [0x0040, 0xa160];
  const uids = options.uids ?? DEFAULT_UIDS;
  const ct = ctElements(uids);
  // Patient Comments (0010,4000) comes after Patient ID (0010,0020) and before the UIDs of group 0020.
  const splitAt = ct.indexOf(Buffer.from([0x20, 0x00, 0x0d, 0x00]));
  const before = group === 0x0010 ? ct.subarray(0, splitAt) : ct;
  const after = group === 0x0010 ? ct.subarray(splitAt) : Buffer.alloc(0);
  const chunk = Buffer.alloc(MiB, 'Findings unremarkable. ');
  const pieces = function* (): Generator<Buffer> {
    yield before;
    yield header(group, elementNumber, 'UT', options.mebibytes * MiB);
    for (let i = 0; i < options.mebibytes; i++) yield chunk;
    yield after;
  };
  if (!options.deflated) {
    const fd = openSync(path, 'w');
    try {
      writeSync(fd, metaHeader(EXPLICIT_VR_LITTLE_ENDIAN, uids));
      for (const piece of pieces()) writeSync(fd, piece);
    } finally {
      closeSync(fd);
    }
    return;
  }
  const out = createWriteStream(path);
  out.write(metaHeader(DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, uids));
  const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  deflate.pipe(out);
  for (const piece of pieces()) {
    if (!deflate.write(piece)) await once(deflate, 'drain');
  }
  deflate.end();
  await once(out, 'close');
}

/** A small, otherwise ordinary CT instance whose meta names `transferSyntax` (e.g. the made-up "9.9.9.9"). */
export function fileWithTransferSyntax(transferSyntax: string): Buffer {
  return Buffer.concat([metaHeader(transferSyntax), ctElements()]);
}
