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

/** 5xx answers are retried: Orthanc or a proxy in front of it may be restarting or overloaded. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 && status <= 599;
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

export function isRetryableNetworkError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && RETRYABLE_CODES.has(code);
}
