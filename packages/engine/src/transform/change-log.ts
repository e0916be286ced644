import { formatTag, keywordOf, textOf, type DataElement, type Tag } from '@deid-share/dicom';

import type { ChangeKind } from '../outcomes.js';

export type { ChangeKind } from '../outcomes.js';

export interface ChangeRow {
  /** e.g. "(0040,A730)[0].(0040,A123)" */
  readonly path: string;
  readonly tag: string;
  readonly keyword: string;
  readonly original: string | null;
  readonly result: string | null;
  readonly action: ChangeKind;
  readonly rule: string;
}

const MAX_SHOWN = 256;
const DECODED_FOR_SHOWING = 64 * 1024;

function shown(element: DataElement | undefined, charset: readonly string[]): string | null {
  if (!element) return null;
  if (element.vr === 'SQ') return `${element.items?.length ?? 0} item(s)`;
  if (['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN'].includes(element.vr) || element.encapsulated) return `${element.value.length} bytes`;
  if (['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'AT', 'SV', 'UV'].includes(element.vr)) return `${element.value.length} bytes binary`;
  try {
    // Only the start is shown, so a long value is decoded only in part: a huge one costs nothing.
    const value = element.value.length > DECODED_FOR_SHOWING ? element.value.subarray(0, DECODED_FOR_SHOWING) : element.value;
    return textOf({ ...element, value }, charset).slice(0, MAX_SHOWN);
  } catch {
    return '(text in an unknown character set)';
  }
}

/**
 * The tag-level diff of one instance (tag, keyword, original, result, action), for previews. It holds PHI and
 * is only ever returned to the authorised user who asked for a preview; it is never logged.
 */
export class ChangeLog {
  readonly rows: ChangeRow[] = [];

  /** Drops what was recorded for an element that a later step (the pseudonym) wrote again. */
  forget(path: string): void {
    for (let i = this.rows.length - 1; i >= 0; i--) if (this.rows[i]!.path === path) this.rows.splice(i, 1);
  }

  record(pathText: string, tag: Tag, kind: ChangeKind, rule: string, before: DataElement | undefined, after: DataElement | undefined, charset: readonly string[]): void {
    this.rows.push({
      path: pathText + formatTag(tag),
      tag: formatTag(tag),
      keyword: keywordOf(tag) ?? 'private',
      original: shown(before, charset),
      result: shown(after, charset),
      action: kind,
      rule,
    });
  }
}
