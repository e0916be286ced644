/** A streaming reverse proxy to one upstream: method, headers and bodies pass through; the caller decides the path and credentials. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Dispatcher } from 'undici';

/** Connection-level headers that describe one hop and must not be forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** The browser's credentials for this host, never forwarded. */
const CREDENTIALS = new Set(['authorization', 'cookie']);

export interface ProxyTarget {
  /** What the upstream is, for error messages ("Orthanc", "the sharing service"). */
  name: string;
  /** Base URL; the forwarded path is appended to its path. */
  baseUrl: URL;
  dispatcher: Dispatcher;
  /**
   * The host signs in to this upstream with its own login: a 401 from it means that login was refused, which the
   * browser can do nothing about, and its challenge must not make the browser ask the user for the upstream's password.
   */
  hostLogin?: boolean;
}

export interface Forward {
  /** Path and query below the target's base URL, already normalised and checked by the caller. */
  path: string;
  /** The Authorization header the upstream gets, if any; the browser's own never passes unless given here. */
  authorization?: string;
}

/**
 * End-to-end headers of the browser's request, without the browser's credentials (Authorization and the session
 * cookie are this host's business), with `authorization` in their place when given.
 */
export function forwardedHeaders(incoming: IncomingMessage['headers'], authorization?: string): Record<string, string | string[]> {
  const connectionTokens = String(incoming.connection ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase());
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name) || CREDENTIALS.has(name) || connectionTokens.includes(name)) continue;
    headers[name] = value;
  }
  if (authorization) headers.authorization = authorization;
  return headers;
}

export async function proxy(req: IncomingMessage, res: ServerResponse, target: ProxyTarget, forward: Forward): Promise<void> {
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let upstream: Dispatcher.ResponseData;
  try {
    upstream = await target.dispatcher.request({
      origin: target.baseUrl.origin,
      path: target.baseUrl.pathname.replace(/\/+$/, '') + forward.path,
      method: req.method as Dispatcher.HttpMethod,
      // Host stays the browser's: Orthanc builds the BulkDataURIs it returns from it, so they point back here.
      headers: forwardedHeaders(req.headers, forward.authorization),
      body: hasBody ? req : undefined,
      signal: abort.signal,
    });
  } catch (error) {
    if (abort.signal.aborted) return;
    sendUpstreamError(res, target.name, error);
    return;
  }
  if (target.hostLogin && upstream.statusCode === 401) {
    upstream.body.resume();
    res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: { code: 'upstream_refused', message: `${target.name} refused the viewer host's login (orthancAuth)` } }));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  res.writeHead(upstream.statusCode, headers);
  try {
    await pipeline(upstream.body, res);
  } catch {
    // The browser went away or the upstream broke mid-stream: nothing more can be sent on this response.
    res.destroy();
  }
}

function sendUpstreamError(res: ServerResponse, name: string, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const reason = error instanceof Error ? error.message : String(error);
  res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code: 'upstream_unavailable', message: `${name} did not answer: ${reason}` } }));
}
