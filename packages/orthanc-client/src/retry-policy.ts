import { setTimeout as sleep } from 'node:timers/promises';
import { OrthancRequestError } from './errors.js';

/**
 * The one retry policy of every call to Orthanc: the client's own retries (transport.ts) and the sidecar's, which
 * counts its retries in metrics, use these attempts, this backoff and this rule of what is transient.
 */
export interface RetryOptions {
  /** Total attempts, first one included. Default 4. */
  attempts?: number;
  /** Delay cap before the first retry; doubles per retry. Default 200 ms. */
  baseDelayMs?: number;
  /** Upper bound of any single delay. Default 3 000 ms. */
  maxDelayMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy = { attempts: options.attempts ?? 4, baseDelayMs: options.baseDelayMs ?? 200, maxDelayMs: options.maxDelayMs ?? 3000 };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) throw new Error(`retry.attempts must be an integer >= 1, got ${policy.attempts}`);
  return policy;
}

/**
 * Delay before retry number `retry` (1-based): exponential, capped, with "equal jitter" (half fixed, half random)
 * so that many clients that failed together do not come back together, yet none retries instantly.
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return cap / 2 + random() * (cap / 2);
}

/**
 * 5xx answers are retried: Orthanc or a proxy in front of it may be restarting or overloaded; so are 408 (the server
 * timed the request out) and 429 (too many requests). Other 4xx will answer the same again.
 */
export function isTransientStatus(status: number): boolean {
  return (status >= 500 && status <= 599) || status === 408 || status === 429;
}

/** Transient connection-level failures; TLS and DNS errors are not here because repeating will not fix them. */
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // Node reports a failed multi-address connect as an AggregateError whose parts carry the codes.
  const parts = (error as { errors?: unknown } | null)?.errors;
  return Array.isArray(parts) ? parts.map(errorCode).find((part) => part !== undefined) : undefined;
}

export function isTransientNetworkError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && RETRYABLE_CODES.has(code);
}

/** Whether a failed Orthanc request may succeed when repeated: a transient status, or a transient connection failure. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof OrthancRequestError)) return false;
  return error.status === undefined ? error.code !== undefined && RETRYABLE_CODES.has(error.code) : isTransientStatus(error.status);
}

/**
 * Runs `action` up to the policy's attempts while `retryable(error)` holds (by default: isTransient), waiting the
 * policy's backoff between attempts; for callers that retry whole operations themselves (and count them).
 */
export async function withRetries<T>(
  options: RetryOptions,
  action: (attempt: number) => Promise<T>,
  retryable: (error: unknown) => boolean = isTransient,
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  const policy = retryPolicy(options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await action(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !retryable(error)) throw error;
      const delay = backoffDelayMs(policy, attempt);
      onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
