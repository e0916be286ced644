import type { OidcConfig, TokenConfig } from '../config/types.js';
import { JwksVerifier, JwtError } from './jwt.js';
import type { Principal } from './principal.js';
import { TokenTable } from './tokens.js';

/** Why a caller was not authenticated; `message` is safe to return, `challenge` is the WWW-Authenticate value. */
export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
  constructor(
    message: string,
    readonly challenge: string,
  ) {
    super(message);
  }
}

export interface Authenticated {
  readonly principal: Principal;
  /** When the credential stops being valid (an OIDC token's `exp`), in ms since the epoch; undefined for sidecar tokens. */
  readonly expiresAt: number | undefined;
}

export interface AuthConfig {
  readonly tokens: readonly TokenConfig[];
  readonly oidc?: OidcConfig;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Turns an `Authorization` header into a principal: hashed sidecar tokens from the config first, else an OIDC JWT
 * when OIDC is configured. Shared by the sidecar's HTTP layer and the viewer host, so both accept exactly the same
 * credentials.
 */
export class Authenticator {
  readonly #tokens: TokenTable;
  readonly #oidc: JwksVerifier | undefined;

  constructor(config: AuthConfig, verifier?: JwksVerifier) {
    this.#tokens = new TokenTable(config.tokens);
    this.#oidc = verifier ?? (config.oidc ? new JwksVerifier(config.oidc) : undefined);
  }

  /** The bearer token of an `Authorization` header, or undefined when there is none. */
  static bearerOf(header: string | undefined): string | undefined {
    const match = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header) : null;
    return match?.[1];
  }

  async authenticate(header: string | undefined): Promise<Authenticated> {
    const token = Authenticator.bearerOf(header);
    if (!token) throw new AuthenticationError('send the header Authorization: Bearer <token>', 'Bearer');
    return this.verify(token);
  }

  async verify(token: string): Promise<Authenticated> {
    const known = this.#tokens.lookup(token);
    if (known) return { principal: known, expiresAt: undefined };
    if (this.#oidc && JWT_SHAPE.test(token)) {
      try {
        return { principal: await this.#oidc.verify(token), expiresAt: expiryOf(token) };
      } catch (error) {
        throw new AuthenticationError(error instanceof JwtError ? `token refused: ${error.message}` : 'token refused', INVALID);
      }
    }
    throw new AuthenticationError('unknown or revoked token', INVALID);
  }
}

const INVALID = 'Bearer error="invalid_token"';

/** The `exp` of a JWT the verifier has accepted, in ms; undefined when it has none it can read. */
function expiryOf(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
