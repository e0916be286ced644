/**
 * The console's calls: the sidecar API through the viewer host (`/api/v1`, authenticated by the session cookie the
 * host set at sign-in) and the host's sign-in routes (`/auth/...`). The token is sent once, to sign in, and is
 * never kept by the page: not in storage, not in a URL, not in memory after the call.
 */
import {
  AdminPeer,
  AuditEvent,
  conforms,
  Erasure,
  PeerProfileSetting,
  ProfileImpact,
  Reachability,
  RoutingRule,
  ShareJob,
  RetryReceipt,
} from '@deid-share/api-contract';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { SidecarError, errorFromResponse } from '../api/errors.js';
import type { AuditFilter, ShareFilter, SignedIn } from './types.js';

const API = '/api/v1';

async function call(method: string, path: string, options: { body?: unknown; signal?: AbortSignal; authorization?: string } = {}): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.authorization) headers.authorization = options.authorization;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new SidecarError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  let payload: unknown = null;
  try {
    payload = text === '' ? null : JSON.parse(text);
  } catch {
    if (response.ok) throw new SidecarError(response.status, 'invalid_response', `${path} answered something that is not JSON`);
  }
  if (!response.ok) throw errorFromResponse(response.status, payload);
  return payload;
}

/** The answer, once checked against the contract's schema: the console trusts what passes. */
function checked<T extends TSchema>(schema: T, what: string) {
  return (body: unknown): Static<T> => {
    if (!conforms(schema, body)) throw new SidecarError(200, 'invalid_response', `The sharing service sent an unexpected ${what}.`);
    return body;
  };
}

const asPeers = checked(Type.Array(AdminPeer), 'peer list');
const asReachability = checked(Reachability, 'reachability');
const asRouting = checked(Type.Array(RoutingRule), 'routing rule list');
const asProfiles = checked(Type.Array(Type.String()), 'profile list');
const asImpact = checked(ProfileImpact, 'profile comparison');
const asSetting = checked(PeerProfileSetting, 'profile setting');
const asShares = checked(Type.Array(ShareJob), 'share list');
const asShare = checked(ShareJob, 'share');
const asRetry = checked(RetryReceipt, 'retry receipt');
const asErasure = checked(Erasure, 'erasure');
const asAudit = checked(Type.Array(AuditEvent), 'audit page');

const query = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

/** yyyy-mm-dd → the ISO bounds of that day, in the browser's time zone. */
const dayStart = (day: string | undefined) => (day ? new Date(`${day}T00:00:00`).toISOString() : undefined);
const dayEnd = (day: string | undefined) => (day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined);

export const auth = {
  current: async (signal?: AbortSignal) => (await call('GET', '/auth/session', signal ? { signal } : {})) as SignedIn,
  /** Trades a token for a session cookie; the token goes in this one request's header only. */
  signInWithToken: async (token: string) => (await call('POST', '/auth/session', { authorization: `Bearer ${token}` })) as SignedIn,
  signOut: async () => {
    await call('DELETE', '/auth/session');
  },
  /** Which OIDC issuer the host signs in with, if any. */
  oidc: async (signal?: AbortSignal) => (await call('GET', '/auth/oidc', signal ? { signal } : {})) as { configured: boolean; issuer?: string },
};

export const api = {
  peers: async (signal?: AbortSignal) => asPeers(await call('GET', `${API}/admin/peers`, { signal })),
  reachability: async (peer: string, signal?: AbortSignal) => asReachability(await call('GET', `${API}/admin/peers/${encodeURIComponent(peer)}/reachability`, { signal })),
  routing: async (signal?: AbortSignal) => asRouting(await call('GET', `${API}/admin/routing`, { signal })),
  profiles: async (signal?: AbortSignal) => asProfiles(await call('GET', `${API}/admin/profiles`, { signal })),
  profileImpact: async (peer: string, change: { profile: string; options: string[]; studyInstanceUID?: string }, signal?: AbortSignal) =>
    asImpact(await call('POST', `${API}/admin/peers/${encodeURIComponent(peer)}/profile-impact`, { body: change, signal })),
  setProfile: async (peer: string, change: { profile: string; options: string[]; reason: string }) =>
    asSetting(await call('PUT', `${API}/admin/peers/${encodeURIComponent(peer)}/profile`, { body: change })),
  shares: async (filter: ShareFilter & { limit?: number }, signal?: AbortSignal) =>
    asShares(
      await call(
        'GET',
        `${API}/shares${query({ limit: filter.limit ?? 50, status: filter.status, peer: filter.peer, origin: filter.origin, since: dayStart(filter.from), until: dayEnd(filter.to) })}`,
        { signal },
      ),
    ),
  share: async (id: string, signal?: AbortSignal) => asShare(await call('GET', `${API}/shares/${encodeURIComponent(id)}`, { signal })),
  retryShare: async (id: string) => asRetry(await call('POST', `${API}/shares/${encodeURIComponent(id)}/retries`)),
  erase: async (patientId: string, issuer: string) => asErasure(await call('POST', `${API}/erasures`, { body: issuer ? { patientId, issuer } : { patientId } })),
  erasure: async (id: string, signal?: AbortSignal) => asErasure(await call('GET', `${API}/erasures/${encodeURIComponent(id)}`, { signal })),
  audit: async (filter: AuditFilter & { after?: number; limit: number }, signal?: AbortSignal) =>
    asAudit(await call('GET', `${API}/admin/audit${query({ ...filter, since: dayStart(filter.since), until: dayEnd(filter.until) })}`, { signal })),
};
