/**
 * Counting semaphore over a quantity (slots or bytes). Waiters are served in order, so a large request
 * is not starved by small ones; a request larger than the whole capacity is granted when nothing else
 * holds any (one oversized instance still goes through, alone).
 */
export class Budget {
  #used = 0;
  readonly #waiters: Array<{ amount: number; grant: () => void }> = [];

  constructor(readonly capacity: number) {}

  get used(): number {
    return this.#used;
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  acquire(amount: number): Promise<() => void> {
    const wanted = Math.max(0, amount);
    return new Promise((resolve) => {
      const grant = () => {
        this.#used += wanted;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.#used -= wanted;
          this.#drain();
        });
      };
      this.#waiters.push({ amount: wanted, grant });
      this.#drain();
    });
  }

  #drain(): void {
    for (;;) {
      const next = this.#waiters[0];
      if (!next) return;
      const fits = this.#used + next.amount <= this.capacity || this.#used === 0;
      if (!fits) return;
      this.#waiters.shift();
      next.grant();
    }
  }
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
}

/** Runs `action` up to `attempts` times while `retryable(error)` holds, doubling the delay (with jitter). */
export async function withRetries<T>(
  policy: RetryPolicy,
  action: (attempt: number) => Promise<T>,
  retryable: (error: unknown) => boolean,
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !retryable(error)) throw error;
      const base = Math.min(policy.maxRetryDelayMs, policy.retryDelayMs * 2 ** (attempt - 1));
      const delay = Math.round(base * (0.75 + Math.random() * 0.5));
      onRetry?.(error, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
