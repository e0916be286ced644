/**
 * Browser sessions of the viewer host. After the host has verified a sidecar token or an OIDC access token, the
 * browser gets an opaque session id in an HttpOnly, SameSite=Strict cookie (Secure over HTTPS); the token stays
 * here, in memory. Image requests from the viewer (which cannot carry a bearer header) and API calls from any page
 * on this origin (the viewer's panel, the admin console) are then authenticated by the cookie alone; the host adds
 * the token when it forwards API calls to the sidecar. Sessions end at their expiry (at most the token's own), at
 * sign-out, or when the host stops. See docs/security.md.
 *
 * Use from a route: `const session = sessions.fromRequest(req)` (undefined when there is none or it has expired).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Authenticated, Principal } from '@deid-share/sidecar/auth';

export const SESSION_COOKIE = 'deid_share_session';

export interface Session {
  /** The cookie's value: 256 random bits, base64url. */
  readonly id: string;
  readonly principal: Principal;
  /** The verified bearer token, added to the API calls this host forwards for the session. Never sent to the browser. */
  readonly token: string;
  /** ms since the epoch. */
  readonly expiresAt: number;
}

export interface SessionStoreOptions {
  /** How long a session lives, at most (default 8 hours); never beyond the token's own expiry. */
  ttlMs?: number;
  /** Sessions kept at once; the oldest is dropped beyond this (default 10,000). */
  maxSessions?: number;
  now?: () => number;
}

export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #ttlMs: number;
  readonly #maxSessions: number;
  readonly #now: () => number;

  constructor({ ttlMs = 8 * 3600_000, maxSessions = 10_000, now = Date.now }: SessionStoreOptions = {}) {
    this.#ttlMs = ttlMs;
    this.#maxSessions = maxSessions;
    this.#now = now;
  }

  /** A new session for a verified credential. */
  create({ principal, expiresAt }: Authenticated, token: string): Session {
    const now = this.#now();
    this.#dropExpired(now);
    while (this.#sessions.size >= this.#maxSessions) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
    }
    const session: Session = {
      id: randomBytes(32).toString('base64url'),
      principal,
      token,
      expiresAt: Math.min(now + this.#ttlMs, expiresAt ?? Number.POSITIVE_INFINITY),
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, if any. */
  get(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.#now()) {
      this.#sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** The live session named by the request's cookie, if any. */
  fromRequest(req: IncomingMessage): Session | undefined {
    return this.get(sessionIdOf(req.headers.cookie));
  }

  revoke(id: string): void {
    this.#sessions.delete(id);
  }

  #dropExpired(now: number): void {
    for (const [id, session] of this.#sessions) if (session.expiresAt <= now) this.#sessions.delete(id);
  }
}

/** The session id in a Cookie header, if there is one. */
export function sessionIdOf(cookieHeader: string | undefined): string | undefined {
  return cookieValue(cookieHeader, SESSION_COOKIE);
}

/** The value of the cookie `name` in a Cookie header, if it is there and not empty. */
export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const [key, value] = pair.trim().split('=', 2);
    if (key === name && value) return value;
  }
  return undefined;
}

/** Whether the browser reached us over HTTPS (directly, or through a proxy that says so). */
export function isHttps(req: IncomingMessage): boolean {
  const forwarded = req.headers['x-forwarded-proto'];
  return ('encrypted' in req.socket && req.socket.encrypted === true) || (typeof forwarded === 'string' && forwarded.split(',')[0]?.trim() === 'https');
}

/** The Set-Cookie value that hands a session to the browser. */
export function sessionCookie(session: Session, req: IncomingMessage, now = Date.now()): string {
  const maxAge = Math.max(0, Math.floor((session.expiresAt - now) / 1000));
  return cookie(`${SESSION_COOKIE}=${session.id}`, `Max-Age=${maxAge}`, req);
}

/** The Set-Cookie value that removes the session cookie from the browser. */
export function clearedSessionCookie(req: IncomingMessage): string {
  return cookie(`${SESSION_COOKIE}=`, 'Max-Age=0', req);
}

function cookie(value: string, maxAge: string, req: IncomingMessage): string {
  return [value, 'Path=/', maxAge, 'HttpOnly', 'SameSite=Strict', ...(isHttps(req) ? ['Secure'] : [])].join('; ');
}
