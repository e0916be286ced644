import { DataSet, type DataElement } from './model.js';
import {
  formatTag,
  groupOf,
  ITEM,
  ITEM_DELIMITATION,
  makeTag,
  SEQUENCE_DELIMITATION,
  type Tag,
} from './tag.js';
import { EXPLICIT_VR_LITTLE_ENDIAN, isNativeTransferSyntax } from './transfer-syntax.js';
import { encodeAscii } from './values.js';
import { hasLongLength, paddingByte, type VR } from './vr.js';

const UNDEFINED_LENGTH = 0xffffffff;
/** Values at least this large are emitted as their own chunk instead of being copied into the header buffer. */
const SPLICE_THRESHOLD = 4096;
/** Header bytes of a typical instance fit in one block. */
const BLOCK_SIZE = 16 * 1024;
const PREAMBLE = new Uint8Array(128);

const SOP_CLASS_UID = makeTag(0x0008, 0x0016);
const SOP_INSTANCE_UID = makeTag(0x0008, 0x0018);

/** Collects output as a list of chunks: small header bytes in shared blocks, large values as views of the input. */
class ChunkWriter {
  readonly chunks: Uint8Array[] = [];
  // Not zero-filled: every byte handed out is written first.
  #block: Uint8Array = Buffer.allocUnsafe(BLOCK_SIZE);
  #view = new DataView(this.#block.buffer, this.#block.byteOffset, this.#block.byteLength);
  #used = 0;
  #flushedUpTo = 0;

  #reserve(count: number): void {
    if (this.#used + count <= this.#block.length) return;
    this.#flush();
    this.#block = Buffer.allocUnsafe(Math.max(BLOCK_SIZE, count));
    this.#view = new DataView(this.#block.buffer, this.#block.byteOffset, this.#block.byteLength);
    this.#used = 0;
    this.#flushedUpTo = 0;
  }

  #flush(): void {
    if (this.#used > this.#flushedUpTo) this.chunks.push(this.#block.subarray(this.#flushedUpTo, this.#used));
    this.#flushedUpTo = this.#used;
  }

  uint16(value: number): void {
    this.#reserve(2);
    this.#view.setUint16(this.#used, value, true);
    this.#used += 2;
  }

  uint32(value: number): void {
    this.#reserve(4);
    this.#view.setUint32(this.#used, value, true);
    this.#used += 4;
  }

  tag(tag: Tag): void {
    this.uint16(groupOf(tag));
    this.uint16(tag & 0xffff);
  }

  ascii(text: string): void {
    this.#reserve(text.length);
    for (let i = 0; i < text.length; i++) this.#block[this.#used + i] = text.charCodeAt(i);
    this.#used += text.length;
  }

  byte(value: number): void {
    this.#reserve(1);
    this.#block[this.#used++] = value;
  }

  bytes(value: Uint8Array): void {
    if (value.length >= SPLICE_THRESHOLD) {
      this.#flush();
      this.chunks.push(value);
    } else {
      this.#reserve(value.length);
      this.#block.set(value, this.#used);
      this.#used += value.length;
    }
  }

  finish(): Uint8Array[] {
    this.#flush();
    return this.chunks;
  }
}

/** A VR with a 2-byte length cannot hold more than 65,534 bytes; such a value is written as UN, which keeps its bytes. */
function encodableVR(element: DataElement, paddedLength: number): VR {
  return !hasLongLength(element.vr) && paddedLength > 0xfffe ? 'UN' : element.vr;
}

function writeHeader(out: ChunkWriter, tag: Tag, vr: VR, length: number): void {
  out.tag(tag);
  out.ascii(vr);
  if (hasLongLength(vr)) {
    out.uint16(0);
    out.uint32(length);
  } else {
    out.uint16(length);
  }
}

function writeElement(out: ChunkWriter, element: DataElement): void {
  if (element.vr === 'SQ') {
    writeHeader(out, element.tag, 'SQ', UNDEFINED_LENGTH);
    for (const item of element.items ?? []) {
      out.tag(ITEM);
      out.uint32(UNDEFINED_LENGTH);
      writeDataSet(out, item);
      out.tag(ITEM_DELIMITATION);
      out.uint32(0);
    }
    out.tag(SEQUENCE_DELIMITATION);
    out.uint32(0);
    return;
  }
  if (element.encapsulated) {
    writeHeader(out, element.tag, element.vr, UNDEFINED_LENGTH);
    out.bytes(element.value);
    out.tag(SEQUENCE_DELIMITATION);
    out.uint32(0);
    return;
  }
  const odd = element.value.length % 2 === 1;
  const paddedLength = element.value.length + (odd ? 1 : 0);
  writeHeader(out, element.tag, encodableVR(element, paddedLength), paddedLength);
  out.bytes(element.value);
  if (odd) out.byte(paddingByte(element.vr));
}

function writeDataSet(out: ChunkWriter, dataset: DataSet): void {
  for (const element of dataset.sorted()) {
    // Group lengths would be wrong after any change, and the meta group is rebuilt separately.
    if (groupOf(element.tag) === 0x0002 || (element.tag & 0xffff) === 0) continue;
    writeElement(out, element);
  }
}

function uidOf(dataset: DataSet, tag: Tag): string {
  const element = dataset.get(tag);
  if (!element) throw new Error(`the data set has no ${formatTag(tag)}, which the file meta information needs`);
  return new TextDecoder('latin1').decode(element.value).replace(/[\0 ]+$/, '');
}

export interface WriteOptions {
  /** The transfer syntax the pixel data are in; native syntaxes are written as explicit VR little endian. */
  readonly transferSyntaxUID: string;
  readonly implementationClassUID: string;
  readonly implementationVersionName: string;
}

/** The transfer syntax a data set read in `inputSyntax` is written in. */
export function outputTransferSyntax(inputSyntax: string): string {
  return isNativeTransferSyntax(inputSyntax) ? EXPLICIT_VR_LITTLE_ENDIAN : inputSyntax;
}

/**
 * Writes a Part 10 file as chunks. The file meta information is built from the data set itself (SOP class and
 * instance), never copied from the input, so nothing of the source's meta header travels along.
 */
export function writeDicom(dataset: DataSet, options: WriteOptions): Uint8Array[] {
  const meta = new DataSet();
  meta.set({ tag: makeTag(0x0002, 0x0001), vr: 'OB', value: Uint8Array.of(0x00, 0x01) });
  meta.set({ tag: makeTag(0x0002, 0x0002), vr: 'UI', value: encodeAscii(uidOf(dataset, SOP_CLASS_UID), 'UI') });
  meta.set({ tag: makeTag(0x0002, 0x0003), vr: 'UI', value: encodeAscii(uidOf(dataset, SOP_INSTANCE_UID), 'UI') });
  meta.set({ tag: makeTag(0x0002, 0x0010), vr: 'UI', value: encodeAscii(outputTransferSyntax(options.transferSyntaxUID), 'UI') });
  meta.set({ tag: makeTag(0x0002, 0x0012), vr: 'UI', value: encodeAscii(options.implementationClassUID, 'UI') });
  meta.set({ tag: makeTag(0x0002, 0x0013), vr: 'SH', value: encodeAscii(options.implementationVersionName, 'SH') });

  const metaElements = meta.sorted();
  // Meta elements are short and never sequences: their encoded length is header + even value length.
  const metaLength = metaElements.reduce((sum, element) => sum + (hasLongLength(element.vr) ? 12 : 8) + element.value.length + (element.value.length % 2), 0);
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, metaLength, true);

  const out = new ChunkWriter();
  out.bytes(PREAMBLE);
  out.ascii('DICM');
  writeElement(out, { tag: makeTag(0x0002, 0x0000), vr: 'UL', value: groupLength });
  for (const element of metaElements) writeElement(out, element);
  writeDataSet(out, dataset);
  return out.finish();
}

export function concatChunks(chunks: readonly Uint8Array[]): Uint8Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const result = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}
