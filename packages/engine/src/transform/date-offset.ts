import { keyedDigest } from '../pseudonyms/keyed-digest.js';
import { normaliseSubject, type PatientSubject } from '../pseudonyms/subject.js';

/**
 * The patient's date offset in days: keyed by the project secret, so it is the same for every study of the
 * patient (intervals between studies survive) and unpredictable without the secret. 0 is never chosen.
 */
export function dateOffsetDays(secret: Uint8Array, subject: PatientSubject, range: { min: number; max: number }): number {
  const { issuer, patientId } = normaliseSubject(subject);
  const span = range.max - range.min + 1 - (range.min <= 0 && range.max >= 0 ? 1 : 0);
  const pick = keyedDigest(secret, 'deid-share/date-offset/v1', [issuer, patientId]).readUInt32BE(0) % span;
  const offset = range.min + pick;
  // Skip over 0 so that every date really moves.
  return range.min <= 0 && offset >= 0 ? offset + 1 : offset;
}
