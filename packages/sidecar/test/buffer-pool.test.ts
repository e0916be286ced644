import { BufferPool } from '../src/jobs/buffer-pool.js';

describe('BufferPool', () => {
  it('lends the length asked for and reuses released memory for a request that fits', () => {
    const pool = new BufferPool(2, 1024 * 1024);
    const first = pool.lease(100_000);
    expect(first.bytes.byteLength).toBe(100_000);
    const second = pool.lease(100_000);
    expect(second.bytes.buffer).not.toBe(first.bytes.buffer); // both out at once: distinct memory
    first.release();
    const third = pool.lease(100_100); // a slice a few bytes longer
    expect(third.bytes.byteLength).toBe(100_100);
    expect(third.bytes.buffer).toBe(first.bytes.buffer);
    const fourth = pool.lease(200_000); // the idle buffers are too small
    expect([first.bytes.buffer, second.bytes.buffer]).not.toContain(fourth.bytes.buffer);
  });

  it('keeps at most maxKept idle buffers, none larger than maxKeptBytes, and ignores a second release', () => {
    const pool = new BufferPool(2, 1024 * 1024);
    const leases = [pool.lease(100), pool.lease(100), pool.lease(100), pool.lease(2_000_000)];
    for (const lease of leases) lease.release();
    expect(pool.idle).toBe(2);
    leases[0]?.release();
    expect(pool.idle).toBe(2);
    const large = pool.lease(2_000_000);
    expect(large.bytes.buffer).not.toBe(leases[3]?.bytes.buffer);
  });
});
