import type { IdentifierKind } from '../transform/identifiers.js';
import type { PatternKind } from './patterns.js';

/** What a residual value is: an identifier of the original instance, a pattern, or a name that is no pseudonym. */
export type FindingKind = IdentifierKind | PatternKind | 'person-name';

export const FINDING_KINDS: readonly FindingKind[] = [
  'patient-name', 'patient-id', 'birth-date', 'address', 'phone-number', 'accession-number', 'staff-name', 'institution',
  'study-id', 'date-in-text', 'e-mail', 'national-id', 'person-name',
];

/**
 * One residual value the scanner found. It says where and what kind, never the value: findings go into logs,
 * reports and the reasons of withheld instances.
 */
export interface ScanFinding {
  /** Tag path, e.g. "(0040,A730)[0].(0040,A160)"; private elements as (gggg,"creator",ee). */
  readonly path: string;
  readonly kind: FindingKind;
  /** How it was recognised: "value of the original instance", a pattern's name, or "not a pseudonym or dummy". */
  readonly how: string;
}

const SHOWN_IN_REASON = 8;

/** The reason of a withheld instance: where and what, and what to do; no value. */
export function residualPhiReason(findings: readonly ScanFinding[]): string {
  const shown = findings.slice(0, SHOWN_IN_REASON).map((finding) => `${finding.kind} in ${finding.path} (${finding.how})`);
  const more = findings.length > SHOWN_IN_REASON ? `; and ${findings.length - SHOWN_IN_REASON} more` : '';
  return (
    `residual PHI after de-identification: ${shown.join('; ')}${more}. ` +
    'Change the profile so these attributes are removed or cleaned, or, if a review shows a value is not PHI, add a scanExceptions entry (path, kind, reason) to the profile'
  );
}
