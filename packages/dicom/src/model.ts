import type { Tag } from './tag.js';
import type { VR } from './vr.js';

/**
 * One data element. `value` holds the value bytes in little-endian order, usually a view into the bytes that were
 * parsed (never a copy), so bulk data such as pixels passes through untouched.
 */
export interface DataElement {
  readonly tag: Tag;
  readonly vr: VR;
  readonly value: Uint8Array;
  /** Items of a sequence (VR SQ). */
  readonly items?: DataSet[];
  /** True when `value` is an encapsulated fragment stream (items without the closing delimiter), as for compressed pixel data. */
  readonly encapsulated?: boolean;
}

const EMPTY = new Uint8Array(0);

/** A data set (or a sequence item): elements by tag. Writers emit them in ascending tag order. */
export class DataSet {
  readonly #elements = new Map<Tag, DataElement>();
  /** Parsed data sets arrive in ascending order; only an out-of-order insert makes sorted() sort. */
  #inOrder = true;
  #lastTag = -1;

  get size(): number {
    return this.#elements.size;
  }

  get(tag: Tag): DataElement | undefined {
    return this.#elements.get(tag);
  }

  has(tag: Tag): boolean {
    return this.#elements.has(tag);
  }

  set(element: DataElement): void {
    if (!this.#elements.has(element.tag)) {
      if (element.tag < this.#lastTag) this.#inOrder = false;
      else this.#lastTag = element.tag;
    }
    this.#elements.set(element.tag, element);
  }

  delete(tag: Tag): boolean {
    return this.#elements.delete(tag);
  }

  /** Elements in ascending tag order. */
  sorted(): DataElement[] {
    const elements = [...this.#elements.values()];
    if (this.#inOrder) return elements;
    elements.sort((a, b) => a.tag - b.tag);
    // Re-insert in order so later calls need no sort.
    this.#elements.clear();
    for (const element of elements) this.#elements.set(element.tag, element);
    this.#inOrder = true;
    this.#lastTag = elements.at(-1)?.tag ?? -1;
    return elements;
  }

  tags(): Tag[] {
    return [...this.#elements.keys()];
  }
}

export function sequenceElement(tag: Tag, items: DataSet[]): DataElement {
  return { tag, vr: 'SQ', value: EMPTY, items };
}

/** A parsed Part 10 file: the file meta information and the data set. */
export interface DicomFile {
  readonly meta: DataSet;
  readonly dataset: DataSet;
  /** The transfer syntax the data set was encoded in. */
  readonly transferSyntaxUID: string;
}
