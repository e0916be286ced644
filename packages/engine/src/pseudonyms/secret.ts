import { keyedDigest } from './keyed-digest.js';

/** 256-bit key, as in the EuCanImage pipeline (64 hex characters in the secret file). */
export const PROJECT_SECRET_BYTES = 32;

export function assertProjectSecret(secret: Uint8Array): void {
  if (secret.length !== PROJECT_SECRET_BYTES) {
    throw new Error(
      `The project secret must be ${PROJECT_SECRET_BYTES} bytes but has ${secret.length}; ` +
        'create a secret file holding 64 hex characters (openssl rand -hex 32) and read it with readSecretFile.',
    );
  }
}

/**
 * A short, non-reversible tag of the secret. Linkage namespaces carry it so that two projects
 * (two secrets) sharing one state file never share counters or compete for pseudonyms.
 */
export function projectTag(secret: Uint8Array): string {
  return keyedDigest(secret, 'deid-share/project-tag/v1', []).toString('hex').slice(0, 16);
}
