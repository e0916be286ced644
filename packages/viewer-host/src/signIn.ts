/**
 * Signing in to the host, i.e. getting a session cookie (session.ts):
 *
 *   POST   /auth/session          Authorization: Bearer <sidecar token or OIDC access token>  → 200 { user, roles, expiresAt } + cookie
 *   GET    /auth/session          → 200 { user, roles, expiresAt } for the session's cookie, else 401
 *   DELETE /auth/session          → 204, the session revoked and the cookie cleared
 *   GET    /auth/sign-in?code=C   a one-time sign-in link (ViewerHost.signInLink) → 303 to the page it names, with the cookie
 *
 * A sign-in link carries a random one-time code, never the token: it works once, within its lifetime, and the
 * code is redacted from the host's log like any secret in a URL.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthenticationError, type Authenticated, type Authenticator } from '@deid-share/sidecar/auth';
import { NotAllowed, SESSION_ROLES } from './caller.js';
import { sendError, sendJson } from './errors.js';
import type { RequestPath } from './paths.js';
import { clearedSessionCookie, sessionCookie, type Session, type SessionStore } from './session.js';

export const AUTH_PREFIX = ['auth'];

interface PendingSignIn {
  readonly authenticated: Authenticated;
  readonly token: string;
  readonly next: string;
  readonly expiresAt: number;
}

export class SignIn {
  readonly #codes = new Map<string, PendingSignIn>();

  constructor(
    private readonly authenticator: Authenticator,
    private readonly sessions: SessionStore,
  ) {}

  /** A one-time code that signs the browser in with `token` and sends it to `next`; refused if the token is. */
  async code(token: string, next: string, lifetimeMs: number): Promise<string> {
    const authenticated = await this.authenticator.verify(token);
    checkRoles(authenticated);
    if (!isLocalPath(next)) throw new Error(`viewer-host: a sign-in link can only lead to a path on this host, not ${next}`);
    const code = randomBytes(32).toString('base64url');
    this.#codes.set(code, { authenticated, token, next, expiresAt: Date.now() + lifetimeMs });
    return code;
  }

  /** Answers a request under /auth; false when the path is none of the sign-in routes. */
  async handle(req: IncomingMessage, res: ServerResponse, path: RequestPath): Promise<boolean> {
    const route = path.segments.slice(AUTH_PREFIX.length).join('/');
    try {
      if (route === 'session' && req.method === 'POST') return this.#signIn(req, res);
      if (route === 'session' && req.method === 'GET') return this.#current(req, res);
      if (route === 'session' && req.method === 'DELETE') return this.#signOut(req, res);
      if (route === 'sign-in' && req.method === 'GET') return this.#redeem(req, res, path);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        sendError(res, 401, 'unauthenticated', error.message, { 'www-authenticate': error.challenge });
        return true;
      }
      if (error instanceof NotAllowed) {
        sendError(res, 403, 'forbidden', error.message);
        return true;
      }
      throw error;
    }
    if (route === 'session' || route === 'sign-in') {
      sendError(res, 405, 'method_not_allowed', `${req.method ?? ''} is not allowed on /auth/${route}`);
      return true;
    }
    return false;
  }

  async #signIn(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const authenticated = await this.authenticator.authenticate(req.headers.authorization);
    checkRoles(authenticated);
    const token = req.headers.authorization?.replace(/^Bearer +/i, '').trim() ?? '';
    const session = this.sessions.create(authenticated, token);
    sendJson(res, 200, describe(session), { 'set-cookie': sessionCookie(session, req) });
    return true;
  }

  async #current(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const session = this.sessions.fromRequest(req);
    if (!session) throw new AuthenticationError('no session: sign in with POST /auth/session', 'Bearer');
    sendJson(res, 200, describe(session));
    return true;
  }

  async #signOut(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const session = this.sessions.fromRequest(req);
    if (session) this.sessions.revoke(session.id);
    res.writeHead(204, { 'set-cookie': clearedSessionCookie(req), 'cache-control': 'no-store' });
    res.end();
    return true;
  }

  async #redeem(req: IncomingMessage, res: ServerResponse, path: RequestPath): Promise<true> {
    const code = new URLSearchParams(path.query).get('code') ?? '';
    const pending = this.#codes.get(code);
    this.#codes.delete(code);
    if (!pending || pending.expiresAt <= Date.now()) {
      throw new AuthenticationError('this sign-in link was used already or has expired: ask for a new one', 'Bearer');
    }
    const session = this.sessions.create(pending.authenticated, pending.token);
    res.writeHead(303, { location: pending.next, 'set-cookie': sessionCookie(session, req), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    res.end();
    return true;
  }
}

/** What the browser may know of its session: who, which roles, until when. Never the token. */
function describe(session: Session) {
  return { user: session.principal.id, roles: [...session.principal.roles], expiresAt: new Date(session.expiresAt).toISOString() };
}

export function checkRoles({ principal }: Authenticated): void {
  if (!SESSION_ROLES.some((role) => principal.roles.has(role))) {
    throw new NotAllowed(`a session needs the ${SESSION_ROLES.join(' or ')} role`);
  }
}

/** A path on this host (`/x`), not a scheme-relative URL (`//evil`, `/\evil`) that would leave it. */
export function isLocalPath(next: string): boolean {
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\');
}
