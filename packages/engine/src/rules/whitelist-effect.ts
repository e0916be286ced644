import { dictionaryVR, isPrivateTag, parseTag, tagForKeyword, type Tag } from '@deid-share/dicom';
import type { Profile } from '../profile/profile.js';
import { actionTableFor } from './profile-table.js';

const ISSUER_OF_PATIENT_ID = 0x00100021;

/**
 * Whitelist entries that cannot keep anything: the first stage has already removed, emptied or replaced the value
 * with a dummy (X, Z, D under the profile's options and overrides), or the entry names a private attribute, which the
 * second stage never keeps. Such an entry reads as a promise the profile does not keep, so loading refuses it.
 */
export function ineffectiveWhitelistEntries(profile: Profile): { entry: string; why: string }[] {
  const table = actionTableFor(profile, profile.options);
  const problems: { entry: string; why: string }[] = [];
  for (const entry of profile.secondStage?.keep ?? []) {
    const tag = entry.startsWith('(') ? parseTag(entry) : tagForKeyword(entry);
    if (tag === undefined) continue;
    if (isPrivateTag(tag)) {
      problems.push({ entry, why: 'private attributes never survive the second stage' });
      continue;
    }
    // The engine writes the profile's issuer after the first stage.
    if (tag === ISSUER_OF_PATIENT_ID && profile.pseudonymIssuer !== undefined) continue;
    const rule = table.ruleFor(tag);
    if (rule && (rule.action === 'X' || rule.action === 'Z' || (rule.action === 'D' && !dummyIsTheProfileDate(profile, tag)))) {
      problems.push({ entry, why: `the first stage already gives it action ${rule.action} (${rule.origin})` });
    }
  }
  return problems;
}

/** Under fixed or current-date cleaning, a date's dummy is the profile's date: a value the whitelist can keep. */
function dummyIsTheProfileDate(profile: Profile, tag: Tag): boolean {
  return dictionaryVR(tag) === 'DA' && (profile.dates.cleaning === 'fixed' || profile.dates.cleaning === 'current');
}
