/**
 * Sign-in with the organisation's OIDC issuer: the authorization code flow with PKCE, run by this host (a
 * "backend for frontend"), so the browser never holds a token:
 *
 *   GET /auth/oidc                  → { configured, issuer? }: whether the sign-in page offers the issuer
 *   GET /auth/oidc/start?next=/p    → 303 to the issuer's authorization endpoint (state, nonce, S256 challenge)
 *   GET /auth/oidc/callback?code&state → the code is exchanged here (with the verifier), the access token verified
 *                                    by the sidecar's Authenticator, a session created (session.ts) → 303 to /p
 *
 * `state` is random, single-use, bound to the browser by a short-lived HttpOnly cookie (login CSRF) and expires
 * after 10 minutes. The access token must be a JWT the sidecar accepts (its `auth.oidc`): issuer, audience, roles.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthenticationError, type Authenticator } from '@deid-share/sidecar/auth';
import { NotAllowed } from './caller.js';
import { sendError, sendJson } from './errors.js';
import type { RequestPath } from './paths.js';
import { cookieValue, isHttps, sessionCookie, type SessionStore } from './session.js';
import { checkRoles, isLocalPath } from './signIn.js';

export interface OidcClientOptions {
  /** The issuer; its `/.well-known/openid-configuration` names the endpoints. HTTPS, or plain HTTP on loopback. */
  issuer: string;
  clientId: string;
  /** A confidential client's secret (sent as client_secret_basic); a public client relies on PKCE alone. */
  clientSecret?: string;
  /** Default `openid`. */
  scope?: string;
  /** The API the access token is for (RFC 8707 `resource`), when the issuer needs it to issue a JWT for the sidecar. */
  resource?: string;
}

export const OIDC_PREFIX = ['auth', 'oidc'];
const STATE_COOKIE = 'deid_share_oidc_state';
const PENDING_MS = 10 * 60_000;
const MAX_PENDING = 1000;

interface Pending {
  readonly verifier: string;
  readonly next: string;
  readonly expiresAt: number;
}

interface Endpoints {
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
}

const random = () => randomBytes(32).toString('base64url');
const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export class OidcSignIn {
  readonly #pending = new Map<string, Pending>();
  #endpoints: Promise<Endpoints> | undefined;

  constructor(
    private readonly options: OidcClientOptions | undefined,
    private readonly authenticator: Authenticator,
    private readonly sessions: SessionStore,
  ) {
    if (options) checkIssuerUrl(options.issuer);
  }

  /** Answers a request under /auth/oidc; false when the path is none of its routes. */
  async handle(req: IncomingMessage, res: ServerResponse, path: RequestPath): Promise<boolean> {
    const route = path.segments.slice(OIDC_PREFIX.length).join('/');
    if (req.method !== 'GET' || !['', 'start', 'callback'].includes(route)) return false;
    if (route === '') {
      sendJson(res, 200, this.options ? { configured: true, issuer: this.options.issuer } : { configured: false });
      return true;
    }
    if (!this.options) {
      sendError(res, 404, 'not_found', 'this viewer host has no OIDC issuer configured: sign in with a token');
      return true;
    }
    const query = new URLSearchParams(path.query);
    if (route === 'start') await this.#start(req, res, this.options, query.get('next') ?? '/');
    else await this.#callback(req, res, this.options, query);
    return true;
  }

  async #start(req: IncomingMessage, res: ServerResponse, options: OidcClientOptions, next: string): Promise<void> {
    if (!isLocalPath(next)) {
      sendError(res, 400, 'bad_request', `next must be a path on this host, not ${next}`);
      return;
    }
    const endpoints = await this.#discover(options);
    this.#dropExpired();
    while (this.#pending.size >= MAX_PENDING) this.#pending.delete(this.#pending.keys().next().value as string);
    const state = random();
    const verifier = random();
    this.#pending.set(state, { verifier, next, expiresAt: Date.now() + PENDING_MS });
    const url = new URL(endpoints.authorization_endpoint);
    const params: Record<string, string> = {
      response_type: 'code',
      client_id: options.clientId,
      redirect_uri: redirectUri(req),
      scope: options.scope ?? 'openid',
      state,
      nonce: random(),
      code_challenge: challengeOf(verifier),
      code_challenge_method: 'S256',
      ...(options.resource ? { resource: options.resource } : {}),
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    res.writeHead(303, {
      location: url.toString(),
      // Lax, not Strict: the issuer sends the browser back with a cross-site navigation, which must carry it.
      'set-cookie': [`${STATE_COOKIE}=${state}`, 'Path=/auth/oidc', `Max-Age=${PENDING_MS / 1000}`, 'HttpOnly', 'SameSite=Lax', ...(isHttps(req) ? ['Secure'] : [])].join('; '),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end();
  }

  async #callback(req: IncomingMessage, res: ServerResponse, options: OidcClientOptions, query: URLSearchParams): Promise<void> {
    const state = query.get('state') ?? '';
    const pending = this.#pending.get(state);
    this.#pending.delete(state);
    const fail = (status: number, code: string, message: string) =>
      sendError(res, status, code, message, { 'set-cookie': `${STATE_COOKIE}=; Path=/auth/oidc; Max-Age=0; HttpOnly; SameSite=Lax` });
    if (!pending || pending.expiresAt <= Date.now() || cookieValue(req.headers.cookie, STATE_COOKIE) !== state) {
      return fail(401, 'unauthenticated', 'this sign-in was not started here, was used already or has expired: start again from the sign-in page');
    }
    const error = query.get('error');
    if (error) return fail(401, 'unauthenticated', `the issuer refused the sign-in: ${error}${query.get('error_description') ? `: ${query.get('error_description')}` : ''}`);
    const code = query.get('code');
    if (!code) return fail(400, 'bad_request', 'the issuer sent no authorization code');

    const token = await this.#exchange(options, code, pending.verifier, redirectUri(req));
    let authenticated;
    try {
      authenticated = await this.authenticator.verify(token);
      checkRoles(authenticated);
    } catch (refusal) {
      if (refusal instanceof AuthenticationError) return fail(401, 'unauthenticated', `the issuer's access token was refused: ${refusal.message}`);
      if (refusal instanceof NotAllowed) return fail(403, 'forbidden', refusal.message);
      throw refusal;
    }
    const session = this.sessions.create(authenticated, token);
    res.writeHead(303, {
      location: pending.next,
      'set-cookie': [sessionCookie(session, req), `${STATE_COOKIE}=; Path=/auth/oidc; Max-Age=0; HttpOnly; SameSite=Lax`],
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end();
  }

  /** The code for an access token, at the token endpoint, proving possession of the PKCE verifier. */
  async #exchange(options: OidcClientOptions, code: string, verifier: string, redirect: string): Promise<string> {
    const { token_endpoint } = await this.#discover(options);
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect, code_verifier: verifier });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (options.clientSecret) {
      const credentials = `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    } else body.set('client_id', options.clientId);
    if (options.resource) body.set('resource', options.resource);
    const response = await fetch(token_endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
    const answer = (await response.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown; error_description?: unknown };
    if (!response.ok || typeof answer.access_token !== 'string') {
      throw new AuthenticationError(
        `the issuer's token endpoint refused the code (HTTP ${response.status}${typeof answer.error === 'string' ? `: ${answer.error}` : ''}${typeof answer.error_description === 'string' ? `: ${answer.error_description}` : ''})`,
        'Bearer',
      );
    }
    return answer.access_token;
  }

  /** The issuer's endpoints, read once (again after a failure). */
  #discover(options: OidcClientOptions): Promise<Endpoints> {
    this.#endpoints ??= (async () => {
      const url = `${options.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`viewer-host: ${url} answered HTTP ${response.status}`);
      const document = (await response.json()) as Partial<Endpoints> & { issuer?: string };
      if (document.issuer !== options.issuer) throw new Error(`viewer-host: ${url} names the issuer ${document.issuer}, not ${options.issuer}`);
      if (typeof document.authorization_endpoint !== 'string' || typeof document.token_endpoint !== 'string') {
        throw new Error(`viewer-host: ${url} names no authorization or token endpoint`);
      }
      return { authorization_endpoint: document.authorization_endpoint, token_endpoint: document.token_endpoint };
    })();
    this.#endpoints.catch(() => (this.#endpoints = undefined));
    return this.#endpoints;
  }

  #dropExpired(): void {
    const now = Date.now();
    for (const [state, pending] of this.#pending) if (pending.expiresAt <= now) this.#pending.delete(state);
  }
}

/** Where the issuer sends the browser back: this host, as the browser reached it (the issuer checks it is registered). */
function redirectUri(req: IncomingMessage): string {
  return `${isHttps(req) ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}/auth/oidc/callback`;
}

function checkIssuerUrl(issuer: string): void {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new Error(`viewer-host: oidc.issuer is not a URL: ${issuer}`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error(`viewer-host: oidc.issuer must use https (plain http only on loopback, for tests): ${issuer}`);
  }
}
