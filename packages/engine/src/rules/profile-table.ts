import { makeTag, parseTag } from '@deid-share/dicom';
import type { Profile } from '../profile/profile.js';
import { ActionTable, type ActionOverride } from './action-table.js';
import type { OptionId } from './options.js';

const PATIENT_BIRTH_DATE = makeTag(0x0010, 0x0030);

/** The profile's options plus those added for one run (the CLI's --option), each once. */
export function effectiveOptions(profile: Profile, extraOptions: readonly OptionId[] = []): OptionId[] {
  return [...new Set([...profile.options, ...extraOptions])];
}

/** The action table a profile gives: Table E.1-1 under its options, with its overrides and date policy applied. */
export function actionTableFor(profile: Profile, options: readonly OptionId[]): ActionTable {
  const overrides: ActionOverride[] = profile.overrides.map((override) => ({ tag: parseTag(override.tag), action: override.action, reason: override.reason }));
  if (profile.dates.birthDate === 'shift') overrides.push({ tag: PATIENT_BIRTH_DATE, action: 'C', reason: 'profile shifts the birth date with the other dates' });
  return new ActionTable(new Set(options), overrides);
}
