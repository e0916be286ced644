import { asciiOf, encodeAscii, SOP_CLASSES, type DataElement } from '@deid-share/dicom';
import { keyedDigest } from '../pseudonyms/keyed-digest.js';

const STANDARD_ROOT = '1.2.840.10008.';
let wellKnown: Set<string> | undefined;

/** UIDs that name things rather than identify data: standard SOP classes, transfer syntaxes, coding schemes... */
export function isWellKnownUid(uid: string): boolean {
  wellKnown ??= new Set(SOP_CLASSES.map(([classUid]) => classUid));
  return uid.startsWith(STANDARD_ROOT) || wellKnown.has(uid);
}

/**
 * Keyed, deterministic UID replacement: the same original UID always maps to the same 2.25 UID under the same
 * secret and namespace, so a resent study lands on the same objects and references between objects stay intact,
 * while nobody without the secret can map a new UID back.
 */
export class UidRemapper {
  readonly #cache = new Map<string, string>();

  constructor(
    private readonly secret: Uint8Array,
    private readonly namespace: string,
  ) {}

  remap(uid: string): string {
    if (uid === '' || isWellKnownUid(uid)) return uid;
    let mapped = this.#cache.get(uid);
    if (!mapped) {
      const digest = keyedDigest(this.secret, 'uid', [this.namespace, uid]);
      // 2.25 UIDs are a decimal 128-bit number (ISO/IEC 9834-8); the top 128 bits of the digest serve.
      mapped = `2.25.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`).toString(10)}`;
      this.#cache.set(uid, mapped);
    }
    return mapped;
  }

  /** A UI (or UID-shaped) element's new value: each of its UIDs remapped. */
  remapValue(element: DataElement): Uint8Array {
    const uids = asciiOf(element).split('\\').map((uid) => this.remap(uid.trim()));
    return encodeAscii(uids.join('\\'), 'UI');
  }

  /** Every original → replacement pair made so far (for MIDI-B style uid_mapping.csv). */
  mappings(): ReadonlyMap<string, string> {
    return this.#cache;
  }
}
