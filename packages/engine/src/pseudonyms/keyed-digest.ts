import { createHmac } from 'node:crypto';

import type { HashEncoding } from './config.js';

/** SHA-512/256: SHA-512 speed on 64-bit CPUs, 256-bit output, not length-extendable. */
const HMAC_ALGORITHM = 'sha512-256';
export const DIGEST_BITS = 256;

/**
 * Encodes fields so that no two different field lists give the same bytes: each field is its
 * UTF-8 length as a 4-byte big-endian integer followed by its UTF-8 bytes. ("A","BC") and
 * ("AB","C") therefore differ, whatever characters an issuer or patient ID contains.
 */
export function encodeFields(fields: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  for (const field of fields) {
    const bytes = Buffer.from(field, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}

/**
 * HMAC-SHA-512/256 keyed by the project secret. `purpose` is the first field so that digests made
 * for different jobs (a pseudonym, a linkage-table key) are unrelated even for the same patient.
 */
export function keyedDigest(secret: Uint8Array, purpose: string, fields: readonly string[]): Buffer {
  return createHmac(HMAC_ALGORITHM, secret)
    .update(encodeFields([purpose, ...fields]))
    .digest();
}

/** HMAC-SHA-512/256 of the UTF-8 bytes of one text, with no framing: a construction others can recompute from its description alone. */
export function keyedTextDigest(secret: Uint8Array, text: string): Buffer {
  return createHmac(HMAC_ALGORITHM, secret).update(text, 'utf8').digest();
}

const BITS_PER_CHAR: Record<HashEncoding, number> = { hex: 4, base32: 5 };
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Bits of the digest that survive in `length` characters of `encoding`. */
export function digestBitsKept(encoding: HashEncoding, length: number): number {
  return Math.min(length * BITS_PER_CHAR[encoding], DIGEST_BITS);
}

/** Characters of `encoding` needed to keep `bits` bits of the digest. */
export function digestCharsForBits(encoding: HashEncoding, bits: number): number {
  return Math.ceil(bits / BITS_PER_CHAR[encoding]);
}

/** The first `length` characters of the digest as lower-case hex or RFC 4648 base32 (no padding). */
export function digestText(digest: Buffer, encoding: HashEncoding, length: number): string {
  const text = encoding === 'hex' ? digest.toString('hex') : base32(digest);
  return text.slice(0, length);
}

function base32(bytes: Buffer): string {
  let text = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += BASE32_ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) text += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return text;
}
