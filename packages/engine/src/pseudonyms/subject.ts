import { keyedDigest } from './keyed-digest.js';

/** A patient as the hospital identifies them: Issuer of Patient ID (0010,0021) + Patient ID (0010,0020). */
export interface PatientSubject {
  issuer: string;
  patientId: string;
}

/**
 * LO values may be padded with spaces (NUL from careless writers); the padding is not part of the
 * identity, so " 123 " and "123" are one patient. An empty Patient ID would merge every such
 * patient into one pseudonym, so it is refused.
 */
export function normaliseSubject(subject: PatientSubject): PatientSubject {
  const patientId = trimPadding(subject.patientId);
  if (patientId === '') {
    throw new Error('The study has an empty PatientID, so it cannot be pseudonymised consistently; fix the source data.');
  }
  return { issuer: trimPadding(subject.issuer), patientId };
}

function trimPadding(value: string): string {
  return value.replace(/^[ \0]+|[ \0]+$/g, '');
}

/**
 * A keyed handle on a patient: the linkage table's by default, or another store's under its own `purpose`, so
 * that handles kept for different purposes cannot be matched with each other. A table of such handles cannot be
 * matched against a list of MRNs without the secret, yet staff holding the secret can find a patient's rows.
 */
export function subjectKeyFor(secret: Uint8Array, subject: PatientSubject, purpose = 'deid-share/subject-key/v1'): string {
  const { issuer, patientId } = normaliseSubject(subject);
  return keyedDigest(secret, purpose, [issuer, patientId]).toString('hex');
}
