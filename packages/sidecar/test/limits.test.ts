import { Budget } from '../src/jobs/limits.js';

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
