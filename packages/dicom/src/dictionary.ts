import { ATTRIBUTES, REPEATING_ATTRIBUTES } from './generated/dictionary.js';
import { elementOf, isPrivateCreatorTag, type Tag } from './tag.js';
import { isVR, type VR } from './vr.js';

export interface DictionaryEntry {
  readonly tag: Tag;
  /** As the standard writes it, e.g. 'US or SS' where the VR depends on context. */
  readonly vrText: string;
  readonly keyword: string;
  readonly vm: string;
  readonly retired: boolean;
}

let exact: Map<Tag, DictionaryEntry> | undefined;
const byKeyword = new Map<string, Tag>();

function exactEntries(): Map<Tag, DictionaryEntry> {
  if (!exact) {
    exact = new Map();
    for (const [tag, vrText, keyword, vm, retired] of ATTRIBUTES) {
      exact.set(tag, { tag, vrText, keyword, vm, retired });
      if (keyword) byKeyword.set(keyword, tag);
    }
    // Repeating groups (overlays 60xx, curves 50xx) answer with their first group.
    for (const [value, , , keyword] of REPEATING_ATTRIBUTES) {
      if (keyword && !byKeyword.has(keyword)) byKeyword.set(keyword, value);
    }
  }
  return exact;
}

export function lookupTag(tag: Tag): DictionaryEntry | undefined {
  const entry = exactEntries().get(tag);
  if (entry) return entry;
  for (const [value, mask, vrText, keyword, vm, retired] of REPEATING_ATTRIBUTES) {
    if (((tag & mask) >>> 0) === value) return { tag, vrText, keyword, vm, retired };
  }
  return undefined;
}

/** Every attribute of the dictionary with a single tag (repeating groups such as 60xx are not listed). */
export function dictionaryEntries(): IterableIterator<DictionaryEntry> {
  return exactEntries().values();
}

export function tagForKeyword(keyword: string): Tag | undefined {
  exactEntries();
  return byKeyword.get(keyword);
}

export function keywordOf(tag: Tag): string | undefined {
  return lookupTag(tag)?.keyword || undefined;
}

/**
 * The VR to assume where the encoding does not carry one (implicit VR, or UN in explicit VR).
 * Context-dependent VRs ('US or SS', 'OB or OW', ...) resolve to their first choice; the reader refines
 * pixel-related ones from the data set.
 */
export function dictionaryVR(tag: Tag): VR {
  if (elementOf(tag) === 0x0000) return 'UL';
  if (isPrivateCreatorTag(tag)) return 'LO';
  const first = lookupTag(tag)?.vrText.split(' or ')[0]?.trim() ?? '';
  return isVR(first) ? first : 'UN';
}
