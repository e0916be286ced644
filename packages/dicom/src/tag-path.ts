import type { DataElement, DataSet } from './model.js';
import { elementOf, formatTag, groupOf, isPrivateCreatorTag, isPrivateTag, makeTag, privateCreatorTagFor, type Tag } from './tag.js';
import { textOf } from './values.js';

/**
 * One step of a path to an element at any depth. Private elements are named by group, private creator and the low
 * byte of the element, because the block byte is chosen per data set: the same vendor element is (0019,1010) in one
 * file and (0019,1110) in another. `item` is the index of the sequence item the next step is in.
 */
export interface PathStep {
  readonly group: number;
  /** The full element number for public elements; the low byte for private ones. */
  readonly element: number;
  readonly creator?: string;
  readonly item?: number;
}

const hex = (value: number, digits: number): string => value.toString(16).toUpperCase().padStart(digits, '0');

/** "(0040,A730)" or "(0019,\"ACME 1.0\",10)", without the item index. */
export function formatPathStep(step: PathStep): string {
  if (step.creator === undefined) return formatTag(makeTag(step.group, step.element));
  return `(${hex(step.group, 4)},${JSON.stringify(step.creator)},${hex(step.element & 0xff, 2)})`;
}

/** "(0040,A730)[0].(0040,A160)": the notation of scan findings, evaluation reports and answer keys. */
export function formatTagPath(steps: readonly PathStep[]): string {
  return steps.map((step) => formatPathStep(step) + (step.item === undefined ? '' : `[${step.item}]`)).join('.');
}

const STEP = /\(([0-9A-Fa-f]{4}),(?:([0-9A-Fa-f]{4})|("(?:[^"\\]|\\.)*"),([0-9A-Fa-f]{2}))\)(?:\[(\d+)\])?/y;

/** Reads a path written by formatTagPath; throws with the position of the first thing it cannot read. */
export function parseTagPath(text: string): PathStep[] {
  const steps: PathStep[] = [];
  let position = 0;
  for (;;) {
    STEP.lastIndex = position;
    const match = STEP.exec(text);
    if (!match) throw new Error(`"${text}" is not a tag path: expected (gggg,eeee) or (gggg,"creator",ee) at character ${position + 1}`);
    const [, group, element, creator, privateElement, item] = match;
    steps.push({
      group: parseInt(group!, 16),
      element: parseInt(element ?? privateElement!, 16),
      ...(creator !== undefined ? { creator: JSON.parse(creator) as string } : {}),
      ...(item !== undefined ? { item: Number(item) } : {}),
    });
    position = STEP.lastIndex;
    if (position === text.length) return steps;
    if (text[position] !== '.') throw new Error(`"${text}" is not a tag path: expected "." at character ${position + 1}`);
    position += 1;
  }
}

/** The value of the private creator element that reserves `tag`'s block, trimmed; undefined when there is none. */
export function privateCreatorOf(dataset: DataSet, tag: Tag, charset: readonly string[]): string | undefined {
  const creator = dataset.get(privateCreatorTagFor(tag));
  return creator ? textOf(creator, charset).trim() : undefined;
}

/** The step that names `tag` in `dataset`: with its creator when it is a private data element. */
export function pathStepOf(dataset: DataSet, tag: Tag, charset: readonly string[]): PathStep {
  const creator = isPrivateTag(tag) && !isPrivateCreatorTag(tag) ? privateCreatorOf(dataset, tag, charset) : undefined;
  return creator === undefined
    ? { group: groupOf(tag), element: elementOf(tag) }
    : { group: groupOf(tag), element: elementOf(tag) & 0xff, creator };
}

function tagOfStep(dataset: DataSet, step: PathStep): Tag | undefined {
  if (step.creator === undefined) return makeTag(step.group, step.element);
  for (let block = 0x10; block <= 0xff; block++) {
    const creator = dataset.get(makeTag(step.group, block));
    if (creator && textOf(creator, []).trim() === step.creator) return makeTag(step.group, (block << 8) | (step.element & 0xff));
  }
  return undefined;
}

/** Where a path leads: the element, the data set (or item) holding it, and the sequences it sits in, outermost first. */
export interface LocatedElement {
  readonly element: DataElement;
  readonly parent: DataSet;
  readonly sequences: readonly Tag[];
}

/** Finds the element a path names, with its parent; undefined when any step is missing (an absent item, creator or element). */
export function locateTagPath(dataset: DataSet, steps: readonly PathStep[]): LocatedElement | undefined {
  let current: DataSet = dataset;
  const sequences: Tag[] = [];
  for (const [index, step] of steps.entries()) {
    const tag = tagOfStep(current, step);
    const element = tag === undefined ? undefined : current.get(tag);
    if (!element) return undefined;
    if (index === steps.length - 1) return { element, parent: current, sequences };
    const item = element.items?.[step.item ?? -1];
    if (!item) return undefined;
    sequences.push(element.tag);
    current = item;
  }
  return undefined;
}

/** The element a path names, or undefined when any step is missing (an absent item, creator or element). */
export function resolveTagPath(dataset: DataSet, steps: readonly PathStep[]): DataElement | undefined {
  return locateTagPath(dataset, steps)?.element;
}
