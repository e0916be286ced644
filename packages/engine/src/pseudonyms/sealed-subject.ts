import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

import type { PatientSubject } from './subject.js';

/**
 * The patient behind a linked pseudonym, encrypted (AES-256-GCM) so that authorised staff holding
 * the secret can re-identify by pseudonym, while the state file alone reveals nothing.
 * The subject key is bound in as associated data, so a sealed value cannot be moved to another row.
 */
const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function sealingKey(secret: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'deid-share/sealed-subject/v1', 32));
}

export function sealSubject(secret: Uint8Array, subjectKey: string, subject: PatientSubject): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret), iv);
  cipher.setAAD(Buffer.from(subjectKey, 'utf8'));
  const plaintext = JSON.stringify([subject.issuer, subject.patientId]);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${FORMAT}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

export function unsealSubject(secret: Uint8Array, subjectKey: string, sealedSubject: string): PatientSubject {
  const [format, ivText, sealedText] = sealedSubject.split('.');
  if (format !== FORMAT || ivText === undefined || sealedText === undefined) {
    throw new Error(
      'A linkage row holds a sealed subject in an unknown format; was the state file written by a newer deid-share?',
    );
  }
  const sealed = Buffer.from(sealedText, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret), Buffer.from(ivText, 'base64url'));
  decipher.setAAD(Buffer.from(subjectKey, 'utf8'));
  let plaintext: string;
  try {
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const ciphertext = sealed.subarray(0, sealed.length - TAG_BYTES);
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      'A linkage row cannot be opened with this secret: ' +
        'the secret file does not belong to this state file, or the row was altered.',
    );
  }
  const [issuer, patientId] = JSON.parse(plaintext) as [string, string];
  return { issuer, patientId };
}
