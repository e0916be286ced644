import { createHash, timingSafeEqual } from 'node:crypto';

import type { TokenConfig } from '../config/types.js';
import type { Principal } from './principal.js';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Bearer tokens are compared by their sha-256, in constant time, against every configured hash. */
export class TokenTable {
  readonly #entries: ReadonlyArray<{ hash: Buffer; token: TokenConfig }>;

  constructor(tokens: readonly TokenConfig[]) {
    this.#entries = tokens.map((token) => ({ hash: Buffer.from(token.sha256, 'hex'), token }));
  }

  lookup(bearer: string): Principal | undefined {
    const hash = createHash('sha256').update(bearer, 'utf8').digest();
    let found: TokenConfig | undefined;
    for (const entry of this.#entries) {
      if (timingSafeEqual(entry.hash, hash)) found = entry.token;
    }
    return found ? { id: found.name, roles: new Set(found.roles), via: 'token' } : undefined;
  }
}
