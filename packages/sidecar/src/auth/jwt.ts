import { createPublicKey, verify as verifySignature, type JsonWebKey, type KeyObject } from 'node:crypto';

import type { OidcConfig, Role } from '../config/types.js';
import type { Principal } from './principal.js';

/** Why a JWT was not accepted; the message is safe to return to the caller. */
export class JwtError extends Error {
  override name = 'JwtError';
}

type Fetcher = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

interface Jwk extends JsonWebKey {
  kid?: string;
  alg?: string;
  use?: string;
}

const ALGORITHMS: Record<string, { hash: string; kty: string; dsaEncoding?: 'ieee-p1363'; crv?: string }> = {
  RS256: { hash: 'sha256', kty: 'RSA' },
  ES256: { hash: 'sha256', kty: 'EC', dsaEncoding: 'ieee-p1363', crv: 'P-256' },
};

function decodeJson(segment: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new JwtError(`the token's ${what} is not base64url JSON`);
  }
}

function claimAt(claims: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), claims);
}

/**
 * Validates OIDC access tokens (JWS compact, RS256 or ES256) against the issuer's JWKS with node:crypto:
 * signature, `iss`, `aud`, `exp` and `nbf`. Keys are cached and fetched again when a token names an
 * unknown `kid` (key rotation), at most once every 30 seconds.
 */
export class JwksVerifier {
  #keys = new Map<string, { key: KeyObject; jwk: Jwk }>();
  #fetchedAt = 0;
  #failedAt = Number.NEGATIVE_INFINITY;
  #refreshing: Promise<void> | undefined;

  constructor(
    private readonly config: OidcConfig,
    private readonly fetcher: Fetcher = (url) => fetch(url, { signal: AbortSignal.timeout(10_000) }),
    private readonly now: () => number = Date.now,
  ) {}

  async verify(token: string): Promise<Principal> {
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) throw new JwtError('not a JWT');
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    const header = decodeJson(headerPart, 'header');
    const claims = decodeJson(payloadPart, 'payload');
    const alg = typeof header.alg === 'string' ? header.alg : '';
    const algorithm = ALGORITHMS[alg];
    if (!algorithm) throw new JwtError(`algorithm ${alg || '(none)'} is not accepted (RS256 or ES256)`);
    const kid = typeof header.kid === 'string' ? header.kid : undefined;
    const entry = await this.#keyFor(kid, algorithm.kty);
    if (entry.jwk.alg && entry.jwk.alg !== alg) throw new JwtError(`key ${kid ?? ''} is for ${entry.jwk.alg}, not ${alg}`);
    if (algorithm.crv && entry.jwk.crv !== algorithm.crv) throw new JwtError(`key ${kid ?? ''} is not on curve ${algorithm.crv}`);
    const valid = verifySignature(
      algorithm.hash,
      Buffer.from(`${headerPart}.${payloadPart}`, 'ascii'),
      algorithm.dsaEncoding ? { key: entry.key, dsaEncoding: algorithm.dsaEncoding } : entry.key,
      Buffer.from(signaturePart, 'base64url'),
    );
    if (!valid) throw new JwtError('the signature does not verify');
    this.#checkClaims(claims);
    const subject = claimAt(claims, this.config.subjectClaim);
    if (typeof subject !== 'string' || subject === '') throw new JwtError(`the token has no ${this.config.subjectClaim} claim`);
    const granted = claimAt(claims, this.config.rolesClaim);
    const values = Array.isArray(granted) ? granted : typeof granted === 'string' ? granted.split(/\s+/) : [];
    const roles = new Set<Role>();
    for (const value of values) {
      // Own keys only: a group named "constructor" must not reach Object.prototype.
      const role = typeof value === 'string' && Object.hasOwn(this.config.roleMap, value) ? this.config.roleMap[value] : undefined;
      if (role) roles.add(role);
    }
    return { id: subject, roles, via: 'oidc' };
  }

  #checkClaims(claims: Record<string, unknown>): void {
    const now = Math.floor(this.now() / 1000);
    const tolerance = this.config.clockToleranceSeconds;
    if (claims.iss !== this.config.issuer) throw new JwtError('the token is from another issuer');
    const audience = claims.aud;
    const audiences = Array.isArray(audience) ? audience : [audience];
    if (!audiences.includes(this.config.audience)) throw new JwtError('the token is for another audience');
    if (typeof claims.exp !== 'number') throw new JwtError('the token has no expiry (exp)');
    if (claims.exp + tolerance < now) throw new JwtError('the token has expired');
    if (typeof claims.nbf === 'number' && claims.nbf - tolerance > now) throw new JwtError('the token is not valid yet');
  }

  async #keyFor(kid: string | undefined, kty: string): Promise<{ key: KeyObject; jwk: Jwk }> {
    const find = () =>
      kid !== undefined ? this.#keys.get(kid) : [...this.#keys.values()].find((entry) => entry.jwk.kty === kty);
    const now = this.now();
    const stale = now - this.#fetchedAt > this.config.jwksCacheSeconds * 1000;
    // At most one fetch every 30 s for unknown keys, and as long after a failed fetch.
    const mayFetch = now - this.#failedAt > 30_000;
    if (mayFetch && (stale || (!find() && now - this.#fetchedAt > 30_000))) {
      try {
        await this.#refresh();
      } catch (error) {
        // An unreachable issuer does not lock out users whose keys are already known.
        if (!find()) throw error;
      }
    }
    const entry = find();
    if (!entry) throw new JwtError(`no signing key ${kid ?? ''} in the issuer's key set`);
    if (entry.jwk.kty !== kty) throw new JwtError(`key ${kid ?? ''} has type ${entry.jwk.kty ?? '?'}, not ${kty}`);
    return entry;
  }

  async #refresh(): Promise<void> {
    this.#refreshing ??= (async () => {
      try {
        const response = await this.fetcher(this.config.jwksUrl);
        if (!response.ok) throw new JwtError(`the issuer's key set answered HTTP ${response.status}`);
        const body = (await response.json()) as { keys?: unknown };
        if (!Array.isArray(body.keys)) throw new JwtError("the issuer's key set has no keys array");
        const keys = new Map<string, { key: KeyObject; jwk: Jwk }>();
        body.keys.forEach((jwk: Jwk, index) => {
          if (jwk.use !== undefined && jwk.use !== 'sig') return;
          if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') return;
          try {
            keys.set(jwk.kid ?? `#${index}`, { key: createPublicKey({ key: jwk, format: 'jwk' }), jwk });
          } catch {
            // A key node cannot import is skipped; tokens signed with it fail with "no signing key".
          }
        });
        this.#keys = keys;
        this.#fetchedAt = this.now();
      } catch (error) {
        this.#failedAt = this.now();
        if (error instanceof JwtError) throw error;
        throw new JwtError(`the issuer's key set could not be fetched: ${(error as Error).message}`);
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }
}
