/** The sidecar API client: one method per endpoint, errors as SidecarError. */
import { decodePeers, decodePreview, decodeShare, decodeShareId } from './decode.js';
import { SidecarError, errorFromResponse } from './errors.js';
import type { Peer, Preview, Share } from './types.js';

export interface SidecarClientOptions {
  /** Base URL of the API, e.g. "/api/v1" (same origin) or "https://sidecar.example/api/v1". */
  baseUrl: string;
  /** The Authorization header value for each request (looked up per request: tokens get refreshed). */
  authorization: () => string | undefined;
  fetch?: typeof fetch;
}

export interface SidecarClient {
  listPeers(signal?: AbortSignal): Promise<Peer[]>;
  preview(studyInstanceUID: string, peer: string, signal?: AbortSignal): Promise<Preview>;
  startShare(studyInstanceUID: string, peers: string[]): Promise<string>;
  getShare(id: string, signal?: AbortSignal): Promise<Share>;
}

export function createSidecarClient({ baseUrl, authorization, fetch: fetchImpl = fetch }: SidecarClientOptions): SidecarClient {
  const base = baseUrl.replace(/\/+$/, '');

  async function request(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const auth = authorization();
    if (auth) headers.authorization = auth;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        credentials: 'same-origin',
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new SidecarError(0, 'network', error instanceof Error ? error.message : String(error));
    }
    const payload = await readJson(response);
    if (!response.ok) throw errorFromResponse(response.status, payload);
    return payload;
  }

  return {
    listPeers: async (signal) => decodePeers(await request('GET', '/peers', undefined, signal)),
    preview: async (studyInstanceUID, peer, signal) =>
      decodePreview(await request('POST', '/previews', { studyInstanceUID, peer }, signal)),
    startShare: async (studyInstanceUID, peers) => decodeShareId(await request('POST', '/shares', { studyInstanceUID, peers })),
    getShare: async (id, signal) => decodeShare(await request('GET', `/shares/${encodeURIComponent(id)}`, undefined, signal)),
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    if (!response.ok) return null;
    throw new SidecarError(response.status, 'invalid_response', 'The sharing service sent something that is not JSON.');
  }
}
