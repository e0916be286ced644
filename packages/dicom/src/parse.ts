import { inflateRawSync } from 'node:zlib';
import { dictionaryVR, lookupTag } from './dictionary.js';
import { DataSet, type DataElement, type DicomFile } from './model.js';
import { DicomParseError } from './parse-error.js';
import {
  formatTag,
  ITEM,
  ITEM_DELIMITATION,
  makeTag,
  PIXEL_DATA,
  SEQUENCE_DELIMITATION,
  type Tag,
} from './tag.js';
import {
  dataSetEncodingOf,
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLICIT_VR_LITTLE_ENDIAN,
  type DataSetEncoding,
} from './transfer-syntax.js';
import { hasLongLength, isVR, vrFromBytes, wordSize, type VR } from './vr.js';

const UNDEFINED_LENGTH = 0xffffffff;
const TRANSFER_SYNTAX_UID = makeTag(0x0002, 0x0010);
const PIXEL_REPRESENTATION = makeTag(0x0028, 0x0103);
const BITS_ALLOCATED = makeTag(0x0028, 0x0100);

/** A sequence nested deeper than this is refused: no real object needs it, and it guards the stack. */
const MAX_DEPTH = 64;
/**
 * Elements and items one instance may hold. Each costs a JS object, so a small file of empty elements (or a
 * deflated one) would otherwise cost gigabytes; real objects, large SR and RT structure sets included, hold far fewer.
 */
export const MAX_ELEMENTS = 500_000;
/**
 * The most bytes a deflated data set may inflate to by default. Inflating briefly holds the result twice (the
 * pieces and the joined buffer), so this is half the per-instance memory budget (docs/security.md).
 */
export const DEFAULT_MAX_INFLATED_BYTES = 128 * 1024 * 1024;

interface Encoding {
  readonly explicitVR: boolean;
  readonly littleEndian: boolean;
}

/** Reads one byte buffer; values are views into it unless a byte-order swap forces a copy. */
class Reader {
  readonly view: DataView;
  pos = 0;

  /** `count` is shared by every reader of one instance (an unknown value read as a sequence has its own reader). */
  constructor(
    readonly bytes: Uint8Array,
    readonly count: { elements: number } = { elements: 0 },
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Counts one more element or item against MAX_ELEMENTS. */
  countElement(): void {
    if (++this.count.elements > MAX_ELEMENTS) {
      throw new DicomParseError(`more than ${MAX_ELEMENTS} elements and items: no real object holds so many, so the file is refused`, this.pos);
    }
  }

  need(count: number, what: string): void {
    if (this.pos + count > this.bytes.length) {
      throw new DicomParseError(`file ends inside ${what}: ${count} bytes needed, ${this.bytes.length - this.pos} left`, this.pos);
    }
  }

  uint16(littleEndian: boolean): number {
    const value = this.view.getUint16(this.pos, littleEndian);
    this.pos += 2;
    return value;
  }

  uint32(littleEndian: boolean): number {
    const value = this.view.getUint32(this.pos, littleEndian);
    this.pos += 4;
    return value;
  }

  tag(littleEndian: boolean): Tag {
    const group = this.uint16(littleEndian);
    return makeTag(group, this.uint16(littleEndian));
  }

  peekTag(littleEndian: boolean): Tag {
    const group = this.view.getUint16(this.pos, littleEndian);
    return makeTag(group, this.view.getUint16(this.pos + 2, littleEndian));
  }

  vrAt(offset: number): string {
    return String.fromCharCode(this.bytes[offset] ?? 0, this.bytes[offset + 1] ?? 0);
  }
}

function swapWords(bytes: Uint8Array, size: number): Uint8Array {
  const swapped = new Uint8Array(bytes.length - (bytes.length % size));
  for (let i = 0; i < swapped.length; i += size) {
    for (let j = 0; j < size; j++) swapped[i + j] = bytes[i + size - 1 - j]!;
  }
  return swapped;
}

function readMeta(reader: Reader): DataSet {
  const meta = new DataSet();
  while (reader.pos + 6 <= reader.bytes.length && reader.view.getUint16(reader.pos, true) === 0x0002) {
    const element = readElement(reader, { explicitVR: true, littleEndian: true }, meta, 0);
    // A second meta group (a tool that prepended its own to a file that had one) does not describe the data set:
    // the first one does, as dcmtk reads it.
    if (!meta.has(element.tag)) meta.set(element);
  }
  return meta;
}

function looksExplicit(reader: Reader): boolean {
  return reader.pos + 6 <= reader.bytes.length && isVR(reader.vrAt(reader.pos + 4));
}

/** Some writers declare one VR encoding and use the other; the first element tells which one is really used. */
function actualEncoding(reader: Reader, declared: DataSetEncoding): Encoding {
  if (reader.pos + 8 > reader.bytes.length) return declared;
  if (!declared.littleEndian) return declared;
  return { explicitVR: looksExplicit(reader), littleEndian: true };
}

function resolveContextVR(tag: Tag, vr: VR, dataset: DataSet): VR {
  if (tag === PIXEL_DATA) {
    const bitsAllocated = dataset.get(BITS_ALLOCATED)?.value;
    return bitsAllocated && bitsAllocated.length >= 2 && (bitsAllocated[0]! | (bitsAllocated[1]! << 8)) <= 8 ? 'OB' : 'OW';
  }
  if ((vr === 'US' || vr === 'SS') && lookupTag(tag)?.vrText.includes(' or ')) {
    const pixelRepresentation = dataset.get(PIXEL_REPRESENTATION)?.value;
    const signed = pixelRepresentation !== undefined && pixelRepresentation[0] === 1;
    return signed ? 'SS' : vr;
  }
  return vr;
}

function readElement(reader: Reader, encoding: Encoding, dataset: DataSet, depth: number): DataElement {
  const start = reader.pos;
  reader.need(8, 'an element header');
  reader.countElement();
  const tag = reader.tag(encoding.littleEndian);
  let vr: VR;
  let length: number;
  if (encoding.explicitVR) {
    const explicitVR = vrFromBytes(reader.bytes[reader.pos]!, reader.bytes[reader.pos + 1]!);
    if (!explicitVR) {
      throw new DicomParseError(`element ${formatTag(tag)} has no valid value representation ("${reader.vrAt(reader.pos)}")`, start);
    }
    vr = explicitVR;
    reader.pos += 2;
    if (hasLongLength(vr)) {
      reader.need(6, `the header of ${formatTag(tag)}`);
      reader.pos += 2;
      length = reader.uint32(encoding.littleEndian);
    } else {
      length = reader.uint16(encoding.littleEndian);
    }
  } else {
    vr = resolveContextVR(tag, dictionaryVR(tag), dataset);
    length = reader.uint32(encoding.littleEndian);
  }

  if (length === UNDEFINED_LENGTH) return readUndefinedLength(reader, encoding, tag, vr, depth, start);

  if (reader.pos + length > reader.bytes.length) {
    throw new DicomParseError(
      `element ${formatTag(tag)} claims ${length} bytes but only ${reader.bytes.length - reader.pos} remain: the file is truncated or corrupt`,
      start,
    );
  }
  const end = reader.pos + length;
  if (vr === 'SQ' || (vr === 'UN' && dictionaryVR(tag) === 'SQ')) {
    // A sequence sent as UN keeps its items in implicit VR little endian (PS3.5 §6.2.2).
    const itemEncoding = vr === 'UN' ? { explicitVR: false, littleEndian: true } : encoding;
    const items = readItems(reader, itemEncoding, tag, end, depth, false);
    reader.pos = end;
    return { tag, vr: 'SQ', value: new Uint8Array(0), items };
  }
  const raw = reader.bytes.subarray(reader.pos, end);
  reader.pos = end;
  if (vr === 'UN') {
    // A known public attribute sent as UN is read with its dictionary VR, so the engine sees it for what it is.
    const known = dictionaryVR(tag);
    if (known !== 'UN' && encoding.explicitVR) return { tag, vr: resolveContextVR(tag, known, dataset), value: raw };
    const sequence = known === 'UN' ? unknownSequence(raw, tag, depth, reader.count) : undefined;
    if (sequence) return sequence;
  }
  const size = encoding.littleEndian ? undefined : wordSize(vr);
  return { tag, vr, value: size ? swapWords(raw, size) : raw };
}

const ITEM_START = [0xfe, 0xff, 0x00, 0xe0];

/**
 * An unknown (usually private) element whose value starts like a sequence item is most likely a sequence in
 * implicit VR: reading it lets the engine and the scanner see the text inside. If it does not parse, it stays UN.
 */
function unknownSequence(raw: Uint8Array, tag: Tag, depth: number, count: { elements: number }): DataElement | undefined {
  if (raw.length < 8 || ITEM_START.some((byte, i) => raw[i] !== byte)) return undefined;
  try {
    // Counted apart until it parses: a value that is not a sequence after all adds no elements.
    const trial = new Reader(raw, { ...count });
    const items = readItems(trial, { explicitVR: false, littleEndian: true }, tag, raw.length, depth, false);
    count.elements = trial.count.elements;
    return { tag, vr: 'SQ', value: new Uint8Array(0), items };
  } catch {
    return undefined;
  }
}

function readUndefinedLength(reader: Reader, encoding: Encoding, tag: Tag, vr: VR, depth: number, start: number): DataElement {
  if (vr === 'SQ' || vr === 'UN') {
    const itemEncoding = vr === 'UN' ? { explicitVR: false, littleEndian: true } : encoding;
    const items = readItems(reader, itemEncoding, tag, reader.bytes.length, depth, true);
    return { tag, vr: 'SQ', value: new Uint8Array(0), items };
  }
  if (vr === 'OB' || vr === 'OW') {
    return { tag, vr: 'OB', value: readFragments(reader, tag), encapsulated: true };
  }
  throw new DicomParseError(`element ${formatTag(tag)} with VR ${vr} has an undefined length, which only sequences and encapsulated data may have`, start);
}

/** Encapsulated data: a run of items ended by a sequence delimiter; the items are kept as one view. */
function readFragments(reader: Reader, tag: Tag): Uint8Array {
  const start = reader.pos;
  for (;;) {
    reader.need(8, `the fragments of ${formatTag(tag)}`);
    const itemStart = reader.pos;
    const itemTag = reader.tag(true);
    const length = reader.uint32(true);
    if (itemTag === SEQUENCE_DELIMITATION) return reader.bytes.subarray(start, itemStart);
    if (itemTag !== ITEM || length === UNDEFINED_LENGTH) {
      throw new DicomParseError(`encapsulated data of ${formatTag(tag)} holds ${formatTag(itemTag)} where a fragment item was expected`, itemStart);
    }
    reader.need(length, `a fragment of ${formatTag(tag)}`);
    reader.pos += length;
  }
}

function readItems(reader: Reader, encoding: Encoding, tag: Tag, end: number, depth: number, delimited: boolean): DataSet[] {
  if (depth >= MAX_DEPTH) throw new DicomParseError(`sequences nested deeper than ${MAX_DEPTH} levels at ${formatTag(tag)}`, reader.pos);
  const items: DataSet[] = [];
  while (reader.pos < end) {
    reader.need(8, `an item of ${formatTag(tag)}`);
    const itemStart = reader.pos;
    const itemTag = reader.tag(encoding.littleEndian);
    const length = reader.uint32(encoding.littleEndian);
    if (itemTag === SEQUENCE_DELIMITATION) return items;
    if (itemTag !== ITEM) {
      throw new DicomParseError(`sequence ${formatTag(tag)} holds ${formatTag(itemTag)} where an item was expected`, itemStart);
    }
    reader.countElement();
    if (length === UNDEFINED_LENGTH) {
      items.push(readDataSet(reader, encoding, end, depth + 1, true));
    } else {
      if (reader.pos + length > end) {
        throw new DicomParseError(`an item of ${formatTag(tag)} claims ${length} bytes, more than its sequence holds`, itemStart);
      }
      const itemEnd = reader.pos + length;
      items.push(readDataSet(reader, encoding, itemEnd, depth + 1, false));
      reader.pos = itemEnd;
    }
  }
  if (delimited) throw new DicomParseError(`sequence ${formatTag(tag)} of undefined length is not closed`, reader.pos);
  return items;
}

function isZeroPadding(reader: Reader): boolean {
  return reader.bytes.subarray(reader.pos).every((byte) => byte === 0);
}

function readDataSet(reader: Reader, encoding: Encoding, end: number, depth: number, untilItemDelimiter: boolean): DataSet {
  const dataset = new DataSet();
  while (reader.pos < end) {
    if (reader.pos + 4 > end) throw new DicomParseError('stray bytes after the last element', reader.pos);
    const tag = reader.peekTag(encoding.littleEndian);
    if (tag === ITEM_DELIMITATION) {
      reader.pos += 8;
      return dataset;
    }
    if (tag === 0 && isZeroPadding(reader)) {
      reader.pos = reader.bytes.length;
      break;
    }
    dataset.set(readElement(reader, encoding, dataset, depth));
  }
  if (untilItemDelimiter) throw new DicomParseError('an item of undefined length is not closed', reader.pos);
  return dataset;
}

/** A bare data set (no preamble, no meta) starts with one of the low groups: command, meta or identifying (0008). */
function startsLikeDataSet(reader: Reader): boolean {
  return reader.bytes.length >= 8 && reader.view.getUint16(0, true) <= 0x0008;
}

export interface ParseOptions {
  /** Transfer syntax to assume when the file has no meta information (default: implicit VR little endian). */
  readonly defaultTransferSyntaxUID?: string;
  /** The most bytes a deflated data set may inflate to (default DEFAULT_MAX_INFLATED_BYTES); more is refused. */
  readonly maxInflatedBytes?: number;
}

const MiB = 1024 * 1024;

function inflateDataSet(deflated: Uint8Array, offset: number, maxInflatedBytes: number): Uint8Array {
  try {
    return inflateRawSync(deflated, { maxOutputLength: maxInflatedBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DicomParseError(
        `the deflated data set (${deflated.length} bytes) inflates to more than ${maxInflatedBytes / MiB} MiB, the per-instance limit: ` +
          'refused as a possible deflate bomb; if it is a real object, store it uncompressed (e.g. dcmconv +te) and try again',
        offset,
      );
    }
    throw new DicomParseError(`the deflated data set cannot be inflated: ${(error as Error).message}`, offset);
  }
}

/** Parses a DICOM Part 10 file, or a bare data set without preamble and meta information. */
export function parseDicom(bytes: Uint8Array, options: ParseOptions = {}): DicomFile {
  const reader = new Reader(bytes);
  const hasPreamble = bytes.length >= 132 && reader.vrAt(128) === 'DI' && reader.vrAt(130) === 'CM';
  reader.pos = hasPreamble ? 132 : 0;
  const meta = readMeta(reader);
  const declared = meta.get(TRANSFER_SYNTAX_UID);
  const transferSyntaxUID = declared
    ? new TextDecoder('latin1').decode(declared.value).replace(/[\0 ]+$/, '')
    : options.defaultTransferSyntaxUID ?? (looksExplicit(reader) ? EXPLICIT_VR_LITTLE_ENDIAN : IMPLICIT_VR_LITTLE_ENDIAN);
  if (!hasPreamble && meta.size === 0 && !startsLikeDataSet(reader)) {
    throw new DicomParseError("not a DICOM file: no 'DICM' marker at byte 128, and the first bytes are not a DICOM data element", 0);
  }

  const declaredEncoding = dataSetEncodingOf(transferSyntaxUID);
  if (!declaredEncoding) {
    throw new DicomParseError(
      `Transfer Syntax UID (0002,0010) is "${transferSyntaxUID}", which deid-share does not read (unknown, or retired and unsupported): ` +
        'convert the file to Explicit VR Little Endian (1.2.840.10008.1.2.1), e.g. with dcmconv +te, and try again',
      reader.pos,
    );
  }
  const body = declaredEncoding.deflated
    ? new Reader(inflateDataSet(bytes.subarray(reader.pos), reader.pos, options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES), reader.count)
    : reader;
  const encoding = actualEncoding(body, declaredEncoding);
  const dataset = readDataSet(body, encoding, body.bytes.length, 0, false);
  return { meta, dataset, transferSyntaxUID };
}
