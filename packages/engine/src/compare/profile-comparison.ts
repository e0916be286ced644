import { formatTag, keywordOf, parseTag } from '@deid-share/dicom';
import { CONFIDENTIALITY_TABLE, type ConfidentialityRow } from '../generated/confidentiality-table.js';
import type { Profile } from '../profile/profile.js';
import type { Action } from '../rules/action.js';
import { actionTableFor, effectiveOptions } from '../rules/profile-table.js';
import { Whitelist } from '../transform/whitelist.js';

/** One attribute of the comparison: a row of Table E.1-1 (private attributes are one row) or a profile's override. */
export interface ComparedAttribute {
  /** "(0010,0010)", "(60xx,3000)" for repeating groups, "(gggg,eeee) odd gggg" for the private row. */
  readonly tag: string;
  readonly name: string;
  /** The effective action per profile, in the order the profiles were given. */
  readonly actions: readonly Action[];
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

/** Compares profiles attribute by attribute, from the engine's own action tables (not the CSV). */
export function compareProfiles(profiles: readonly Profile[]): ProfileComparison {
  const deciders = profiles.map(actionsOf);
  const rows = CONFIDENTIALITY_TABLE.map((row) => ({ tag: rowTag(row), name: row.name, actions: deciders.map((decide) => decide.onRow(row)) }));
  const listed = new Set(CONFIDENTIALITY_TABLE.flatMap((row) => (row.match.kind === 'tag' && row.match.mask === 0xffffffff ? [row.match.value] : [])));
  const overridden = [...new Set(profiles.flatMap((profile) => profile.overrides.map((override) => parseTag(override.tag))))].filter((tag) => !listed.has(tag));
  const overrideRows = overridden.map((tag) => ({ tag: formatTag(tag), name: keywordOf(tag) ?? 'unknown attribute', actions: deciders.map((decide) => decide.onTag(tag)) }));
  const attributes = [...rows, ...overrideRows].sort((a, b) => a.tag.localeCompare(b.tag));

  const modified = (action: Action): boolean => action !== 'K';
  return {
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

