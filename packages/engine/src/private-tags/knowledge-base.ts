// What the TCIA private tag knowledge base (generated/tcia-private-tags.ts) says about a private
// element, found by the element's path in the dataset.

import { TCIA_PRIVATE_TAGS } from '../generated/tcia-private-tags.js';
import type { PrivateDisposition } from './disposition.js';

export type { PrivateDisposition } from './disposition.js';

/**
 * One step of an element's path. A private element: its group, the low byte of its element (the
 * block byte is assigned per dataset, so only the low byte is used) and the value of its private
 * creator element. A public element (a standard sequence above a private element, or a standard
 * element nested in a private sequence) or a private creator element: group and full element, no
 * creator. An element whose creator element is missing is looked up with creator ''.
 */
export interface SignatureStep {
  readonly group: number;
  readonly element: number;
  readonly creator?: string;
}

export interface PrivateTagKnowledge {
  readonly disposition: PrivateDisposition;
  /** VR TCIA saw, e.g. 'LO'; several read 'LO or UI'; '' when the KB gives none. */
  readonly vr: string;
}

interface KnowledgeEntry {
  readonly vr: string;
  readonly disposition: PrivateDisposition;
}

/**
 * The normalised signature of a path (ancestors first, the element last), the key of
 * TCIA_PRIVATE_TAGS. tools/generate/tcia-private-tags.mjs writes the same form from the KB
 * patterns; the tests check both sides against every KB row.
 * Creators are trimmed, because LO values carry insignificant padding spaces, and compared
 * case-insensitively, because the same creator is written in different case by different software
 * versions (the KB itself lists 'Philips MR Imaging DD 001' and 'PHILIPS MR IMAGING DD 001' for the
 * same elements); where such spellings disagree, lookupPrivateDisposition answers 'd'.
 */
export function signatureOf(path: readonly SignatureStep[]): string {
  return path.map(formatStep).join('');
}

function formatStep(step: SignatureStep): string {
  const group = hex(step.group, 4);
  if (step.creator === undefined) return `(${group},${hex(step.element, 4)})`;
  return `(${group},${JSON.stringify(step.creator.trim().toLowerCase())},${hex(step.element & 0xff, 2)})`;
}

function hex(n: number, digits: number): string {
  return n.toString(16).padStart(digits, '0');
}

const ENTRIES_BY_SIGNATURE = indexBySignature(TCIA_PRIVATE_TAGS);

function indexBySignature(
  rows: ReadonlyArray<readonly [signature: string, vr: string, disposition: PrivateDisposition]>,
): ReadonlyMap<string, readonly KnowledgeEntry[]> {
  const index = new Map<string, KnowledgeEntry[]>();
  for (const [signature, vr, disposition] of rows) {
    const entries = index.get(signature);
    if (entries === undefined) index.set(signature, [{ vr, disposition }]);
    else entries.push({ vr, disposition });
  }
  return index;
}

/**
 * TCIA's decision for the element at `path`, undefined when the KB does not know the element.
 *
 * TCIA decides per signature and VR: an element may be kept when it came with an explicit VR and
 * deleted when it came as UN, since then nobody saw what it holds. Pass the VR the element has in
 * the dataset ('UN' for implicit VR without a known VR) to get the rows for that VR; without it, or
 * when no row has that VR, all rows of the signature count. Rows that disagree give 'd': when the
 * knowledge contradicts itself, removing the element is the only choice that is safe whichever
 * row is right.
 */
export function lookupPrivateDisposition(path: readonly SignatureStep[], vr?: string): PrivateTagKnowledge | undefined {
  const entries = ENTRIES_BY_SIGNATURE.get(signatureOf(path));
  if (entries === undefined) return undefined;
  const sameVr = entries.filter((entry) => entry.vr === vr);
  return combine(sameVr.length > 0 ? sameVr : entries);
}

function combine(entries: readonly KnowledgeEntry[]): PrivateTagKnowledge {
  const dispositions = new Set(entries.map((entry) => entry.disposition));
  const [only] = dispositions;
  return {
    disposition: dispositions.size === 1 && only !== undefined ? only : 'd',
    vr: combineVrs(entries.map((entry) => entry.vr)),
  };
}

// 'LO or UI' in the style of PS3.6. UN only says that TCIA saw no explicit VR, so it is reported
// only when no other VR is known.
function combineVrs(vrs: readonly string[]): string {
  const distinct = [...new Set(vrs.filter((vr) => vr !== ''))];
  const explicit = distinct.filter((vr) => vr !== 'UN');
  return (explicit.length > 0 ? explicit : distinct).join(' or ');
}
