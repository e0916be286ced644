import { Budget, withRetries } from '../src/jobs/limits.js';

describe('Budget', () => {
  it('grants in order within capacity, lets an oversized request through alone, and releases once', async () => {
    const budget = new Budget(10);
    const order: string[] = [];
    const a = await budget.acquire(6);
    const b = budget.acquire(6).then((release) => (order.push('b'), release));
    const c = budget.acquire(2).then((release) => (order.push('c'), release));
    await Promise.resolve();
    expect(order).toEqual([]); // c waits behind b: no overtaking
    expect(budget.used).toBe(6);
    a();
    a();
    const releaseB = await b;
    const releaseC = await c;
    expect(order).toEqual(['b', 'c']);
    expect(budget.used).toBe(8);
    const big = budget.acquire(50).then((release) => (order.push('big'), release));
    releaseB();
    await Promise.resolve();
    expect(order).toEqual(['b', 'c']);
    releaseC();
    (await big)();
    expect(order).toEqual(['b', 'c', 'big']);
    expect(budget.used).toBe(0);
  });
});

describe('withRetries', () => {
  it('retries retryable errors up to the attempts, then gives up with the last error', async () => {
    const seen: number[] = [];
    await expect(
      withRetries({ attempts: 3, retryDelayMs: 1, maxRetryDelayMs: 2 }, async (attempt) => {
        seen.push(attempt);
        throw new Error(`attempt ${attempt}`);
      }, () => true),
    ).rejects.toHaveProperty('message', 'attempt 3');
    expect(seen).toEqual([1, 2, 3]);
    let calls = 0;
    await expect(withRetries({ attempts: 5, retryDelayMs: 1, maxRetryDelayMs: 2 }, async () => {
      calls += 1;
      throw new Error('permanent');
    }, () => false)).rejects.toHaveProperty('message', 'permanent');
    expect(calls).toBe(1);
    expect(await withRetries({ attempts: 3, retryDelayMs: 1, maxRetryDelayMs: 1 }, async (attempt) => {
      if (attempt < 2) throw new Error('once');
      return 'ok';
    }, () => true)).toBe('ok');
  });
});
