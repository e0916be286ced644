/**
 * Who is calling the host: a bearer token in the request (verified by the sidecar's own Authenticator, so the
 * host accepts exactly the sidecar's tokens and OIDC), else the session cookie.
 */
import type { IncomingMessage } from 'node:http';
import { AuthenticationError, Authenticator, type Principal } from '@deid-share/sidecar/auth';
import type { SessionStore } from './session.js';

/** The roles that may read source images and hold a session: the people who use the viewer or the admin console. */
export const SESSION_ROLES = ['radiologist', 'admin'] as const;

export interface Caller {
  readonly principal: Principal;
  /** The bearer token to forward to the sidecar. */
  readonly token: string;
  readonly via: 'bearer' | 'session';
}

export class NotAllowed extends Error {
  override name = 'NotAllowed';
}

export class CallerCheck {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly sessions: SessionStore,
  ) {}

  /** The caller, or AuthenticationError (401) when there is no valid credential. */
  async caller(req: IncomingMessage): Promise<Caller> {
    const token = Authenticator.bearerOf(req.headers.authorization);
    if (token) return { principal: (await this.authenticator.verify(token)).principal, token, via: 'bearer' };
    const session = this.sessions.fromRequest(req);
    if (!session) throw new AuthenticationError('sign in first: send Authorization: Bearer <token>, or the session cookie from POST /auth/session', 'Bearer');
    if (!isSafe(req.method) && isCrossSite(req)) throw new NotAllowed('a request from another site cannot use this session');
    return { principal: session.principal, token: session.token, via: 'session' };
  }

  /** The caller if it holds one of SESSION_ROLES; NotAllowed (403) otherwise. */
  async viewerCaller(req: IncomingMessage): Promise<Caller> {
    const caller = await this.caller(req);
    if (!SESSION_ROLES.some((role) => caller.principal.roles.has(role))) {
      throw new NotAllowed(`this needs the ${SESSION_ROLES.join(' or ')} role`);
    }
    return caller;
  }
}

const isSafe = (method: string | undefined) => method === 'GET' || method === 'HEAD';

/** A browser names the page's origin on unsafe requests; one not on this host is another site's (CSRF). */
function isCrossSite(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers['sec-fetch-site'] === 'cross-site';
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}
