import { randomBytes } from 'node:crypto';

import { assertSafeText } from './dicom-text.js';

/** Uniformly random text over `alphabet`, from the OS CSPRNG. */
export function randomId(alphabet: string, length: number): string {
  // Bytes at or above the largest multiple of the alphabet size are discarded: using them
  // (byte % size) would favour the first symbols.
  const limit = 256 - (256 % alphabet.length);
  let id = '';
  while (id.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && id.length < length) id += alphabet[byte % alphabet.length];
    }
  }
  return id;
}

export function randomBits(alphabet: string, length: number): number {
  return length * Math.log2(alphabet.length);
}

export function assertUsableAlphabet(alphabet: string): void {
  assertSafeText('alphabet', alphabet);
  if (new Set(alphabet).size !== alphabet.length || alphabet.length < 2) {
    throw new Error(`alphabet "${alphabet}" must hold at least two symbols, each once.`);
  }
}
