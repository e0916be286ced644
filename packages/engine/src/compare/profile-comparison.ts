import { dictionaryEntries, dictionaryVR, formatTag, isPrivateTag, keywordOf, parseTag } from '@deid-share/dicom';
import { CONFIDENTIALITY_TABLE, type ConfidentialityRow } from '../generated/confidentiality-table.js';
import type { Profile } from '../profile/profile.js';
import type { Action } from '../rules/action.js';
import { actionTableFor, effectiveOptions } from '../rules/profile-table.js';
import { Whitelist } from '../transform/whitelist.js';

/**
 * How attributes are counted. `action`: the rows of Table E.1-1 and the engine's action letters. `modify-keep`: as the
 * AI4HI paper counts (000_a616b3b2c86e6d80.txt:227-233), every attribute of the dictionary reduced to M (its value
 * does not leave as it was) or K (it does: kept, or cleaned and surviving, e.g. a description with nothing to scrub).
 */
export type ComparisonBasis = 'action' | 'modify-keep';
export const COMPARISON_BASES: readonly ComparisonBasis[] = ['action', 'modify-keep'];

/** An action letter, or under `modify-keep` M (modified) or K (kept). */
export type ComparisonCell = Action | 'M';

/** One attribute of the comparison: a row of Table E.1-1 (private attributes are one row), a profile's override, or under `modify-keep` any attribute of the dictionary. */
export interface ComparedAttribute {
  /** "(0010,0010)", "(60xx,3000)" for repeating groups, "(gggg,eeee) odd gggg" for the private row. */
  readonly tag: string;
  readonly name: string;
  /** The effective action per profile, in the order the profiles were given. */
  readonly actions: readonly ComparisonCell[];
}

export interface ProfileCounts {
  readonly id: string;
  /** Attributes whose effective action is not K. */
  readonly modified: number;
  /** Attributes this profile modifies and every other keeps. */
  readonly modifiedOnlyByIt: number;
}

/** The AI4HI comparison tables: what all profiles modify, what they treat differently, and per profile counts. */
export interface ProfileComparison {
  readonly basis: ComparisonBasis;
  readonly profileIds: readonly string[];
  readonly attributes: readonly ComparedAttribute[];
  readonly modifiedByAll: readonly ComparedAttribute[];
  readonly treatedDifferently: readonly ComparedAttribute[];
  readonly counts: readonly ProfileCounts[];
}

const PRIVATE_ROW_TAG = '(gggg,eeee) odd gggg';

/** "(60xx,3000)": the digits the row's mask leaves open are shown as x, as the standard writes them. */
function rowTag(row: ConfidentialityRow): string {
  if (row.match.kind === 'private') return PRIVATE_ROW_TAG;
  const { value, mask } = row.match;
  const digits = formatTag(value).replace(/[()]/g, '').replace(',', '');
  const shown = [...digits].map((digit, index) => (((mask >>> (28 - index * 4)) & 0xf) === 0xf ? digit : 'x')).join('');
  return `(${shown.slice(0, 4)},${shown.slice(4)})`;
}

/**
 * The effective action of one profile on one attribute: Table E.1-1 under the profile's options and overrides,
 * then its second stage, if any: an attribute the whitelist does not keep leaves as removed (X), whatever the
 * first stage did to it.
 */
function actionsOf(profile: Profile): { onRow: (row: ConfidentialityRow) => Action; onTag: (tag: number) => Action } {
  const table = actionTableFor(profile, effectiveOptions(profile));
  const whitelist = profile.secondStage ? new Whitelist(profile.secondStage) : undefined;
  const onTag = (tag: number): Action => {
    if (whitelist && !whitelist.keeps(tag)) return 'X';
    return table.ruleFor(tag)?.action ?? 'K';
  };
  const onRow = (row: ConfidentialityRow): Action => {
    if (row.match.kind === 'private') return whitelist ? 'X' : table.privateRule.action;
    return onTag(row.match.value);
  };
  return { onRow, onTag };
}

/**
 * Whether the value leaves as it was. C changes dates (shifted, fixed or removed) and, when times are removed, times;
 * on other values it scrubs identifiers and leaves the rest, so the paper's definition counts it as kept.
 */
function modifyOrKeep(profile: Profile, tag: number | undefined, action: Action): ComparisonCell {
  if (action === 'K') return 'K';
  if (action !== 'C') return 'M';
  const vr = tag === undefined || isPrivateTag(tag) ? undefined : dictionaryVR(tag);
  if (vr === 'DA' || vr === 'DT') return 'M';
  if (vr === 'TM') return profile.dates.times === 'keep' ? 'K' : 'M';
  return 'K';
}

/** Compares profiles attribute by attribute, from the engine's own action tables (not the CSV). */
export function compareProfiles(profiles: readonly Profile[], basis: ComparisonBasis = 'action'): ProfileComparison {
  const deciders = profiles.map(actionsOf);
  const cell = basis === 'action'
    ? (_profile: number, _tag: number | undefined, action: Action): ComparisonCell => action
    : (profile: number, tag: number | undefined, action: Action): ComparisonCell => modifyOrKeep(profiles[profile]!, tag, action);
  const onRow = (row: ConfidentialityRow) => deciders.map((decide, index) => cell(index, row.match.kind === 'private' ? undefined : row.match.value, decide.onRow(row)));
  const onTag = (tag: number) => deciders.map((decide, index) => cell(index, tag, decide.onTag(tag)));
  const rows = CONFIDENTIALITY_TABLE.map((row) => ({ tag: rowTag(row), name: row.name, actions: onRow(row) }));
  const listed = new Set(CONFIDENTIALITY_TABLE.flatMap((row) => (row.match.kind === 'tag' && row.match.mask === 0xffffffff ? [row.match.value] : [])));
  const overridden = new Set(profiles.flatMap((profile) => profile.overrides.map((override) => parseTag(override.tag))));
  const extra = basis === 'action' ? [...overridden] : [...new Set([...overridden, ...[...dictionaryEntries()].map((entry) => entry.tag)])];
  const extraRows = extra
    .filter((tag) => !listed.has(tag) && !isPrivateTag(tag))
    .map((tag) => ({ tag: formatTag(tag), name: keywordOf(tag) ?? 'unknown attribute', actions: onTag(tag) }));
  const attributes = [...rows, ...extraRows].sort((a, b) => a.tag.localeCompare(b.tag));

  const modified = (action: ComparisonCell): boolean => action !== 'K';
  return {
    basis,
    profileIds: profiles.map((profile) => profile.id),
    attributes,
    modifiedByAll: attributes.filter((attribute) => attribute.actions.every(modified)),
    treatedDifferently: attributes.filter((attribute) => new Set(attribute.actions).size > 1),
    counts: profiles.map((profile, index) => ({
      id: profile.id,
      modified: attributes.filter((attribute) => modified(attribute.actions[index]!)).length,
      modifiedOnlyByIt: attributes.filter((attribute) => attribute.actions.every((action, other) => modified(action) === (other === index))).length,
    })),
  };
}

