import {
  asciiOf,
  elementOf,
  encodeAscii,
  groupOf,
  isPrivateCreatorTag,
  isPrivateTag,
  privateCreatorOf,
  privateCreatorTagFor,
  type DataElement,
  type DataSet,
} from '@deid-share/dicom';
import { lookupPrivateDisposition, type PrivateTagKnowledge, type SignatureStep } from '../private-tags/knowledge-base.js';
import type { TableRule } from '../rules/action-table.js';
import type { Position, TransformContext, TransformItems } from './context.js';
import { cleanTemporal } from './temporal.js';

function remove(dataset: DataSet, element: DataElement, origin: string, context: TransformContext, position: Position): void {
  dataset.delete(element.tag);
  context.changes?.record(position.pathText, element.tag, 'removed', origin, element, undefined, position.charset);
}

/**
 * Private data elements: removed, unless the profile retains safe private attributes, in which case the TCIA
 * private tag knowledge base decides per element (by creator, element byte and enclosing sequences): k keeps,
 * h replaces a UID (or hashes other text), o shifts a date; everything else, or anything unknown, is removed.
 */
export function transformPrivateElements(dataset: DataSet, context: TransformContext, position: Position, transformItems: TransformItems): void {
  const retainSafe = context.table.privateRule.action === 'C';
  for (const element of dataset.sorted()) {
    if (!isPrivateTag(element.tag) || isPrivateCreatorTag(element.tag)) continue;
    const creator = privateCreatorOf(dataset, element.tag, position.charset);
    if (!retainSafe || creator === undefined) {
      remove(dataset, element, creator === undefined ? 'private element without a creator: removed' : context.table.privateRule.origin, context, position);
      continue;
    }
    const step = { group: groupOf(element.tag), element: elementOf(element.tag) & 0xff, creator };
    const path = [...position.path, step];
    applyDisposition(dataset, element, lookupPrivateDisposition(path, element.vr), path, context, position, transformItems);
  }
  removeUnusedCreators(dataset);
}

function applyDisposition(
  dataset: DataSet,
  element: DataElement,
  known: PrivateTagKnowledge | undefined,
  path: readonly SignatureStep[],
  context: TransformContext,
  position: Position,
  transformItems: TransformItems,
): void {
  const disposition = known?.disposition;
  const rule: TableRule = { action: 'C', origin: `retain safe private: TCIA knowledge base "${disposition ?? 'not listed'}"` };
  switch (disposition) {
    case 'k':
      if (element.vr === 'SQ') transformItems(element, context, position, 'keep', path.at(-1)?.creator);
      return;
    case 'h': {
      // Vendors' UIDs arrive as UN (implicit VR) as often as UI: an element the knowledge base knows as a UID, or
      // whose value is shaped like one, is remapped as a UID, so references between objects survive.
      const knownAsUid = /\bUI\b/.test(lookupPrivateDisposition(path)?.vr ?? '');
      const isUid = element.vr === 'UI' || knownAsUid || /^[0-9.\\\0 ]+$/.test(asciiOf(element));
      const value = isUid ? context.uids.remapValue(element) : encodeAscii(context.hashText(asciiOf(element)), element.vr);
      const after = { tag: element.tag, vr: element.vr, value };
      dataset.set(after);
      context.changes?.record(position.pathText, element.tag, isUid ? 'remapped' : 'replaced', rule.origin, element, after, position.charset);
      return;
    }
    case 'o':
      if (element.vr === 'DA' || element.vr === 'DT' || element.vr === 'TM') {
        const result = cleanTemporal(element, context);
        const after = { tag: element.tag, vr: element.vr, value: result.value };
        dataset.set(after);
        context.changes?.record(position.pathText, element.tag, result.kind, rule.origin, element, after, position.charset);
        return;
      }
      remove(dataset, element, `${rule.origin}, but its value is not a date: removed`, context, position);
      return;
    default:
      remove(dataset, element, `${rule.origin}: removed`, context, position);
  }
}

/** A creator whose block holds nothing any more reserves nothing: remove it too. */
function removeUnusedCreators(dataset: DataSet): void {
  const usedBlocks = new Set<number>();
  for (const tag of dataset.tags()) {
    if (isPrivateTag(tag) && !isPrivateCreatorTag(tag)) usedBlocks.add(privateCreatorTagFor(tag));
  }
  for (const tag of dataset.tags()) {
    if (isPrivateCreatorTag(tag) && !usedBlocks.has(tag)) dataset.delete(tag);
  }
}
