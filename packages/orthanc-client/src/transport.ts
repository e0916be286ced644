import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, type Dispatcher } from 'undici';
import { OrthancRequestError } from './errors.js';
import type { PreparedBody } from './request-body.js';
import { backoffDelayMs, errorCode, isTransientNetworkError, isTransientStatus, retryPolicy, type RetryOptions, type RetryPolicy } from './retry-policy.js';

export interface TransportOptions {
  /** Base URL of the Orthanc REST API; may carry a path prefix (e.g. behind a reverse proxy). */
  url: string;
  auth?: { username: string; password: string };
  /** Extra headers sent with every request (e.g. a proxy's token). */
  headers?: Record<string, string>;
  /** CA certificate(s) in PEM that signed the server's certificate, for HTTPS. */
  ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
  retry?: RetryOptions;
  /** Maximum parallel connections to this server. Default 8. */
  connections?: number;
}

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the base URL, starting with '/'; may include a query string. */
  path: string;
  body?: PreparedBody;
  contentType?: string;
  /** Whether repeating the request is harmless (idempotent in Orthanc's terms). */
  idempotent: boolean;
}

/** Reads a successful response; runs inside the retry loop, so failures while reading the body are retried too. */
export type ResponseReader<T> = (response: Dispatcher.ResponseData) => Promise<T>;

const ERROR_BODY_LIMIT = 64 * 1024;

/** One keep-alive connection pool to one Orthanc, with authentication, timeouts and bounded retries. */
export class OrthancTransport {
  readonly server: string;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly headers: Record<string, string>;
  private readonly retry: RetryPolicy;

  constructor(options: TransportOptions) {
    const url = new URL(options.url);
    if (url.username !== '' || url.password !== '') {
      // Credentials in URLs end up in logs and error messages.
      throw new Error('Orthanc URL must not contain credentials; pass them as the "auth" option');
    }
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.server = `${url.origin}${this.basePath}`;
    this.retry = retryPolicy(options.retry);
    this.headers = {
      ...options.headers,
      ...(options.auth ? { authorization: `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}` } : {}),
    };
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? 8,
      // Orthanc (civetweb) announces "Keep-Alive: timeout=1". undici subtracts this threshold (default 2 s) from
      // the hint and, at or below zero, closes every connection after one request: no keep-alive at all.
      keepAliveTimeoutThreshold: 500,
      connect: {
        timeout: options.timeouts?.connectMs ?? 10_000,
        ...(options.ca === undefined ? {} : { ca: options.ca as string | Buffer | Array<string | Buffer> }),
      },
      headersTimeout: options.timeouts?.headersMs ?? 60_000,
      bodyTimeout: options.timeouts?.bodyMs ?? 60_000,
    });
  }

  /** Sends the request, retrying transient failures of idempotent requests, and reads the answer with `read`. */
  async request<T>(request: TransportRequest, read: ResponseReader<T>): Promise<T> {
    const replayable = request.body === undefined || request.body.replayable;
    const notRetriedBecause = !request.idempotent ? 'the request is not idempotent' : !replayable ? 'the request body was a one-shot stream' : undefined;
    for (let attempt = 1; ; attempt++) {
      const canRetryNow = notRetriedBecause === undefined && attempt < this.retry.attempts;
      let response: Dispatcher.ResponseData;
      try {
        response = await this.pool.request(this.dispatchOptions(request));
      } catch (error) {
        if (canRetryNow && isTransientNetworkError(error)) {
          await this.pause(attempt);
          continue;
        }
        throw this.networkFailure(request, error, attempt, isTransientNetworkError(error) ? notRetriedBecause : undefined);
      }

      if (response.statusCode >= 200 && response.statusCode < 300) {
        try {
          return await read(response);
        } catch (error) {
          if (canRetryNow && isTransientNetworkError(error)) {
            await this.pause(attempt);
            continue;
          }
          const why = isTransientNetworkError(error) ? notRetriedBecause : undefined;
          throw this.networkFailure(request, error, attempt, why, 'UNREADABLE_RESPONSE_BODY');
        }
      }

      const orthancError = await readOrthancError(response);
      if (canRetryNow && isTransientStatus(response.statusCode)) {
        await this.pause(attempt);
        continue;
      }
      throw new OrthancRequestError({
        method: request.method,
        path: request.path,
        server: this.server,
        status: response.statusCode,
        ...orthancError,
        attempts: attempt,
        ...(isTransientStatus(response.statusCode) && notRetriedBecause !== undefined ? { notRetriedBecause } : {}),
      });
    }
  }

  /** Closes idle connections and waits for requests under way. */
  close(): Promise<void> {
    return this.pool.close();
  }

  private dispatchOptions(request: TransportRequest): Dispatcher.RequestOptions {
    const headers: Record<string, string> = { ...this.headers };
    if (request.contentType !== undefined) headers['content-type'] = request.contentType;
    if (request.body?.length !== undefined) headers['content-length'] = String(request.body.length);
    return {
      method: request.method,
      path: `${this.basePath}${request.path}`,
      headers,
      ...(request.body === undefined ? {} : { body: request.body.create() }),
    };
  }

  private pause(attempt: number): Promise<void> {
    return sleep(backoffDelayMs(this.retry, attempt));
  }

  private networkFailure(
    request: TransportRequest,
    error: unknown,
    attempts: number,
    notRetriedBecause: string | undefined,
    fallbackCode?: string,
  ): OrthancRequestError {
    const code = errorCode(error) ?? fallbackCode;
    return new OrthancRequestError({
      method: request.method,
      path: request.path,
      server: this.server,
      ...(code === undefined ? {} : { code }),
      attempts,
      ...(notRetriedBecause === undefined ? {} : { notRetriedBecause }),
      cause: error,
    });
  }
}

/** Orthanc's JSON error description (HttpDescribeErrors), read with a size limit; the body is always drained. */
async function readOrthancError(response: Dispatcher.ResponseData): Promise<{ orthancStatus?: number; orthancError?: string; details?: string }> {
  let text: string;
  try {
    text = await readLimited(response.body, ERROR_BODY_LIMIT);
  } catch {
    return {};
  }
  try {
    const parsed = JSON.parse(text) as { OrthancStatus?: unknown; OrthancError?: unknown; Details?: unknown };
    return {
      ...(typeof parsed.OrthancStatus === 'number' ? { orthancStatus: parsed.OrthancStatus } : {}),
      ...(typeof parsed.OrthancError === 'string' ? { orthancError: parsed.OrthancError } : {}),
      ...(typeof parsed.Details === 'string' && parsed.Details !== '' ? { details: parsed.Details } : {}),
    };
  } catch {
    return {};
  }
}

async function readLimited(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    if (size < limit) chunks.push(buffer.subarray(0, limit - size));
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}
