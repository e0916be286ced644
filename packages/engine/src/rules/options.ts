import type { TableOptionId } from '../generated/confidentiality-table.js';

/** The eleven options of PS3.15 E.3; all but clean-pixel-data are columns of Table E.1-1. */
export type OptionId = TableOptionId | 'clean-pixel-data';

export const OPTION_IDS: readonly OptionId[] = [
  'retain-safe-private',
  'retain-uids',
  'retain-device-identity',
  'retain-institution-identity',
  'retain-patient-characteristics',
  'retain-longitudinal-full-dates',
  'retain-longitudinal-modified-dates',
  'clean-descriptors',
  'clean-structured-content',
  'clean-graphics',
  'clean-pixel-data',
];

/**
 * Order in which option columns override the basic profile: the order of OPTION_IDS, retain options first and
 * clean options last, so that where a user selects both a retain and a clean option for one attribute, the
 * cleaning (the safer choice) wins. The two longitudinal options exclude each other (checked when a profile is
 * validated). clean-pixel-data has no column.
 */
export const OPTION_PRECEDENCE = OPTION_IDS.filter((id): id is TableOptionId => id !== 'clean-pixel-data');

export function isOptionId(text: string): text is OptionId {
  return (OPTION_IDS as readonly string[]).includes(text);
}
