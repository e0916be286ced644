import type { PixelPolicy, RegionRuleSpec } from '@deid-share/pixels';
import type { PseudonymSchemeConfig } from '../pseudonyms/config.js';
import type { Action } from '../rules/action.js';
import type { OptionId } from '../rules/options.js';
import type { ScanException } from '../scan/exceptions.js';

export interface DatePolicyConfig {
  /**
   * What action C does to DA/DT values: shift by the patient's keyed offset, set a fixed date, set the day of
   * de-identification (`current`, UTC), or remove.
   */
  readonly cleaning: 'shift' | 'fixed' | 'current' | 'remove';
  /** Range of the per-patient offset in days (both ends included, 0 never chosen). */
  readonly shiftDays?: { readonly min: number; readonly max: number };
  /** YYYYMMDD used by `fixed` and for dummy dates. */
  readonly fixedDate?: string;
  /** What action C does to TM values: times of day are kept, or removed. */
  readonly times: 'keep' | 'remove';
  /** Patient's Birth Date: as the table says (emptied), shifted with the other dates, or turned into Patient's Age. */
  readonly birthDate: 'table' | 'shift' | 'age';
}

export interface ProfileOverride {
  readonly tag: string;
  readonly action: Action;
  readonly reason: string;
}

/** A second, whitelist stage: after the first stage, only these attributes (and what a valid object needs) remain. */
export interface WhitelistStage {
  readonly title: string;
  /** Keywords or tags "(gggg,eeee)"; a kept sequence keeps only its whitelisted children. */
  readonly keep: readonly string[];
}

/** How burned-in text is found and cleaned (docs/pixels.md): the policy, the screen, and this project's region rules. */
export interface PixelCleaningConfig {
  /** Default "mask". */
  readonly onTextOutsideKnownRegions?: PixelPolicy['onTextOutsideKnownRegions'];
  readonly detectText?: boolean;
  /**
   * "all" (default): every frame of every image is screened for text, whatever its header says. "declared": only
   * images whose header declares or suggests text (or a region rule names) are looked at, as before the screen.
   */
  readonly screen?: 'all' | 'declared';
  /** Added to CTP's library; the signature is in CTP's language, rectangles are [x, y, width, height]. */
  readonly rules?: readonly RegionRuleSpec[];
}

/** What one rule of a preset rests on: a source statement (document of data/sources/ and line), or the project's choice. */
export type SourceNote =
  | { readonly rule: string; readonly cites: string; readonly says: string }
  | { readonly rule: string; readonly choice: string };

/** A de-identification profile as stored in a versioned JSON file under packages/engine/profiles/. */
export interface Profile {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly description: string;
  /** The project or approach it mirrors, with a reference. */
  readonly basis: string;
  /** Where each rule comes from (docs/profiles.md renders them per preset). */
  readonly sources?: readonly SourceNote[];
  readonly options: readonly OptionId[];
  readonly pseudonym: PseudonymSchemeConfig;
  /** Issuer of Patient ID written with the pseudonym (e.g. the project's name); omitted when absent. */
  readonly pseudonymIssuer?: string;
  /**
   * A study whose Patient ID is empty: given a pseudonym keyed on the study, linking it to no other (default), or
   * withheld. See docs/pseudonyms.md.
   */
  readonly unknownPatient?: 'pseudonym-per-study' | 'withhold';
  readonly dates: DatePolicyConfig;
  readonly overrides: readonly ProfileOverride[];
  readonly secondStage?: WhitelistStage;
  /** Residual-PHI scan findings a review showed are not PHI in this project's data (docs/scanner.md). */
  readonly scanExceptions?: readonly ScanException[];
  /** Burned-in text: how it is screened for (with or without clean-pixel-data) and cleaned (with it). */
  readonly pixels?: PixelCleaningConfig;
}

export interface LoadedProfile {
  readonly profile: Profile;
  /** sha-256 of the profile file's bytes, recorded in every output so a reader can tell which file was used. */
  readonly sha256: string;
  /** The file it was read from (a repository-relative name for built-in profiles). */
  readonly source: string;
}
