import { subjectKeyFor } from '@deid-share/engine';

/** Its own purpose label, so the share ledger's handles cannot be matched with the linkage table's. */
const PURPOSE = 'deid-share/sidecar/shared-copy-subject/v1';

/**
 * The share ledger's handle on a patient (keyed by the project secret, see subjectKeyFor): with the secret, an
 * erasure request finds every copy sent for the patient.
 */
export function sharedCopySubjectKey(secret: Uint8Array, subject: { issuer: string; patientId: string }): string {
  return subjectKeyFor(secret, subject, PURPOSE);
}
