import {
  characterSetOf,
  encodeAscii,
  formatTag,
  groupOf,
  isPrivateTag,
  keywordOf,
  makeTag,
  textOf,
  type DataElement,
  type DataSet,
  type Tag,
} from '@deid-share/dicom';
import { ruleTheIodAllows } from '../rules/iod-allowed-rule.js';
import type { TableRule } from '../rules/action-table.js';
import { cleanText } from './clean-text.js';
import type { FreeTextHandling, Position, TransformContext, TransformItems } from './context.js';
import { DUMMY_TEXT, dummyValue } from './dummy.js';
import { transformPrivateElements } from './private.js';
import { cleanTemporal } from './temporal.js';
import { encodeInCharacterSet } from './text-encoding.js';

const EMPTY = new Uint8Array(0);
const TEMPORAL_VRS = new Set(['DA', 'DT', 'TM']);

/** UI attributes that name a class, a syntax or a scheme rather than a piece of data: never remapped. */
const CLASS_LIKE_UID = /(Class|TransferSyntax|CodingScheme|Context|MappingResource|Implementation|Template|Private|ApplicationContext)(UID|Uid)s?$/;

const FREE_TEXT_VRS = new Set(['ST', 'LT', 'UT', 'UC']);

const KEEP_UNLISTED: TableRule = { action: 'K', origin: 'not listed in Table E.1-1: kept' };
const REMAP_UNLISTED: TableRule = { action: 'U', origin: 'not listed in Table E.1-1, identifies data: UID replaced' };
const NAME_UNLISTED: TableRule = { action: 'D', origin: 'not listed in Table E.1-1, but a person name: replaced' };
const DUMMY_TEXT_UNLISTED: TableRule = { action: 'D', origin: 'free text inside a sequence replaced with dummy content' };
const CLEAN_TEXT_UNLISTED: TableRule = { action: 'C', origin: 'free text inside a cleaned sequence: identifiers removed' };

/**
 * Attributes the table does not list are kept, except where keeping them would defeat it: any person name,
 * UIDs that identify data rather than name a class, and free text inside sequences the table replaces or cleans.
 */
function unlistedRule(element: DataElement, position: Position): TableRule {
  if (element.vr === 'PN') return NAME_UNLISTED;
  if (element.vr === 'UI') return CLASS_LIKE_UID.test(keywordOf(element.tag) ?? '') ? KEEP_UNLISTED : REMAP_UNLISTED;
  if (FREE_TEXT_VRS.has(element.vr) && position.freeText === 'dummy') return DUMMY_TEXT_UNLISTED;
  if (FREE_TEXT_VRS.has(element.vr) && position.freeText === 'clean') return CLEAN_TEXT_UNLISTED;
  return KEEP_UNLISTED;
}

function childPosition(position: Position, tag: Tag, index: number, freeText: FreeTextHandling, creator?: string): Position {
  const step = creator === undefined ? { group: groupOf(tag), element: tag & 0xffff } : { group: groupOf(tag), element: tag & 0xff, creator };
  return { path: [...position.path, step], pathText: `${position.pathText}${formatTag(tag)}[${index}].`, charset: position.charset, freeText };
}

/** Replacing is stricter than cleaning, cleaning stricter than keeping; a nested sequence never loosens its parent's handling. */
const STRICTNESS: Record<FreeTextHandling, number> = { keep: 0, clean: 1, dummy: 2 };

/** Applies the rules to every item of a sequence: identifiers are removed at every depth. */
const transformItems: TransformItems = (element, context, position, handling, creator) => {
  const freeText = STRICTNESS[handling] > STRICTNESS[position.freeText] ? handling : position.freeText;
  element.items?.forEach((item, index) => transformDataSet(item, context, childPosition(position, element.tag, index, freeText, creator)));
};

function replace(dataset: DataSet, before: DataElement, value: Uint8Array, kind: 'replaced' | 'emptied' | 'shifted' | 'remapped' | 'cleaned', rule: TableRule, context: TransformContext, position: Position): void {
  const after = { tag: before.tag, vr: before.vr, value };
  dataset.set(after);
  context.changes?.record(position.pathText, before.tag, kind, rule.origin, before, after, position.charset);
}

function cleanElement(dataset: DataSet, element: DataElement, rule: TableRule, context: TransformContext, position: Position): void {
  if (TEMPORAL_VRS.has(element.vr)) {
    const result = cleanTemporal(element, context);
    if (result.kind !== 'kept') replace(dataset, element, result.value, result.kind, rule, context, position);
    return;
  }
  if (element.vr === 'UI') {
    replace(dataset, element, context.uids.remapValue(element), 'remapped', rule, context, position);
    return;
  }
  if (!['SH', 'LO', 'ST', 'LT', 'UT', 'UC', 'PN', 'CS', 'AE'].includes(element.vr)) return;
  let text: string;
  try {
    text = textOf(element, position.charset);
  } catch {
    replace(dataset, element, EMPTY, 'emptied', rule, context, position);
    return;
  }
  const cleaned = cleanText(text, context.identifiers);
  if (cleaned === text) return;
  // Text that was all identifier becomes the dummy text rather than empty: the attribute may be required.
  const value = cleaned === '' ? encodeAscii(DUMMY_TEXT, element.vr) : encodeInCharacterSet(cleaned, position.charset) ?? EMPTY;
  replace(dataset, element, value, 'cleaned', rule, context, position);
}

function isEmpty(element: DataElement): boolean {
  return element.vr === 'SQ' ? (element.items?.length ?? 0) === 0 : element.value.length === 0;
}

function applyRule(dataset: DataSet, element: DataElement, rule: TableRule, context: TransformContext, position: Position): void {
  switch (rule.action) {
    case 'X':
      // An empty element identifies nobody, and it may be required (Type 2C) where the table could not know it.
      if (isEmpty(element)) return;
      dataset.delete(element.tag);
      context.changes?.record(position.pathText, element.tag, 'removed', rule.origin, element, undefined, position.charset);
      return;
    case 'Z':
      if (element.vr === 'SQ' && rule.removeFilledSequence && element.items?.length) {
        dataset.delete(element.tag);
        context.changes?.record(position.pathText, element.tag, 'removed', rule.origin, element, undefined, position.charset);
      } else if (element.vr === 'SQ') {
        if (element.items?.length) {
          const after = { tag: element.tag, vr: element.vr, value: EMPTY, items: [] };
          dataset.set(after);
          context.changes?.record(position.pathText, element.tag, 'emptied', rule.origin, element, after, position.charset);
        }
      } else if (element.value.length > 0) {
        replace(dataset, element, EMPTY, 'emptied', rule, context, position);
      }
      return;
    case 'D':
      if (element.vr === 'SQ') transformItems(element, context, position, 'dummy');
      else if (element.vr === 'UI') replace(dataset, element, context.uids.remapValue(element), 'remapped', rule, context, position);
      else replace(dataset, element, dummyValue(element.vr, element.value, context.dateCleaning === 'fixed' ? context.fixedDate : undefined), 'replaced', rule, context, position);
      return;
    case 'U':
      if (element.vr === 'SQ') transformItems(element, context, position, 'keep');
      else replace(dataset, element, context.uids.remapValue(element), 'remapped', rule, context, position);
      return;
    case 'C':
      if (element.vr === 'SQ') transformItems(element, context, position, 'clean');
      else cleanElement(dataset, element, rule, context, position);
      return;
    case 'K':
      if (element.vr === 'SQ') transformItems(element, context, position, 'keep');
      return;
  }
}

/** An overlay whose data were removed leaves a module that no longer makes sense: remove the whole repeating group. */
function removeOrphanedOverlays(dataset: DataSet): void {
  for (const tag of dataset.tags()) {
    const group = groupOf(tag);
    if (group >= 0x6000 && group <= 0x601e && group % 2 === 0 && !dataset.has(makeTag(group, 0x3000))) dataset.delete(tag);
  }
}

/** The interpreter: applies the action table to a data set and, through sequences, to every nested item. */
export function transformDataSet(dataset: DataSet, context: TransformContext, position: Position): void {
  const here: Position = { ...position, charset: characterSetOf(dataset, position.charset) };
  for (const element of dataset.sorted()) {
    if (isPrivateTag(element.tag)) continue;
    const rule = context.table.ruleFor(element.tag) ?? unlistedRule(element, here);
    applyRule(dataset, element, here.path.length === 0 ? ruleTheIodAllows(rule, element.tag, context.sopClassUID) : rule, context, here);
  }
  transformPrivateElements(dataset, context, here, transformItems);
  removeOrphanedOverlays(dataset);
}
