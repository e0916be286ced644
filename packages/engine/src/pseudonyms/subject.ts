import { keyedDigest } from './keyed-digest.js';

/** A patient as the hospital identifies them: Issuer of Patient ID (0010,0021) + Patient ID (0010,0020). */
export interface PatientSubject {
  issuer: string;
  patientId: string;
  /**
   * For a patient whose ID is empty (identity unknown): the Study Instance UID, or without one the Series or SOP
   * Instance UID. The study then stands for the patient, so it gets a pseudonym that links to no other study.
   */
  unknownPatientKey?: string;
}

/**
 * Stands in for the issuer of a study whose patient is unknown. Padding is trimmed from real issuers, so none can
 * start with NUL: an unknown patient's subject never equals a real one, and its pseudonym links to no real patient.
 */
const UNKNOWN_PATIENT_ISSUER = '\u0000unknown patient: keyed on the study';

/** True when the subject has no Patient ID, so its pseudonym is keyed on the study (docs/pseudonyms.md). */
export function isUnknownPatient(subject: PatientSubject): boolean {
  return trimPadding(subject.patientId) === '';
}

/**
 * LO values may be padded with spaces (NUL from careless writers); the padding is not part of the
 * identity, so " 123 " and "123" are one patient. An empty Patient ID must not merge every such
 * patient into one pseudonym: the study stands for the patient instead, or, without a study, it is refused.
 */
export function normaliseSubject(subject: PatientSubject): PatientSubject {
  const patientId = trimPadding(subject.patientId);
  if (patientId !== '') return { issuer: trimPadding(subject.issuer), patientId };
  const study = trimPadding(subject.unknownPatientKey ?? '');
  if (study === '') {
    throw new Error('The study has an empty PatientID and no Study, Series or SOP Instance UID, so it cannot be given a pseudonym of its own; fix the source data.');
  }
  return { issuer: UNKNOWN_PATIENT_ISSUER, patientId: study };
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
