import { retryPolicy, type RetryPolicy } from '@deid-share/orthanc-client';

import type { Limits } from '../config/types.js';

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

/** The configured attempts and delays as the Orthanc client's retry policy (one backoff, one transient rule). */
export function retryPolicyOf(limits: Pick<Limits, 'attempts' | 'retryDelayMs' | 'maxRetryDelayMs'>): RetryPolicy {
  return retryPolicy({ attempts: limits.attempts, baseDelayMs: limits.retryDelayMs, maxDelayMs: limits.maxRetryDelayMs });
}
