import { createHmac } from 'node:crypto';

/** Fixed purpose label: the same patient's keys for other purposes (pseudonyms, linkage) are unrelated. */
const PURPOSE = 'deid-share/sidecar/shared-copy-subject/v1';

function field(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** LO padding (spaces, NULs) is not part of the identity, as in the engine's pseudonym schemes. */
function trimPadding(value: string): string {
  return value.replace(/^[ \0]+|[ \0]+$/g, '');
}

/**
 * The share ledger's handle on a patient: HMAC-SHA-256 under the project secret of issuer + patient ID,
 * each length-prefixed. The ledger alone cannot be matched against a list of MRNs; with the secret,
 * an erasure request finds the patient's rows.
 */
export function sharedCopySubjectKey(secret: Uint8Array, subject: { issuer: string; patientId: string }): string {
  const mac = createHmac('sha256', secret);
  mac.update(field(PURPOSE));
  mac.update(field(trimPadding(subject.issuer)));
  mac.update(field(trimPadding(subject.patientId)));
  return mac.digest('hex');
}
