/** Slices of one series differ by a few bytes: allocating in these steps lets the next one reuse the memory. */
const STEP = 64 * 1024;
const roundedUp = (byteLength: number) => Math.max(STEP, Math.ceil(byteLength / STEP) * STEP);

/** Memory lent for one fetched instance; give it back with release() once nothing uses its bytes any more. */
export interface BufferLease {
  readonly bytes: Buffer;
  release(): void;
}

/**
 * Reuses the memory that fetched instances are read into. A share reads every instance whole, and the engine's
 * output refers to those bytes until the push is done; allocating them afresh for each instance makes the garbage
 * collector run again and again (external memory of half a megabyte per CT slice), reusing them does not.
 * Keeps at most `maxKept` idle buffers, none larger than `maxKeptBytes`.
 */
export class BufferPool {
  readonly #idle: Buffer[] = [];

  constructor(
    readonly maxKept: number,
    readonly maxKeptBytes: number,
  ) {}

  /** Lends `byteLength` bytes (contents undefined). */
  lease(byteLength: number): BufferLease {
    const index = this.#idle.findIndex((buffer) => buffer.byteLength >= byteLength);
    const whole = index >= 0 ? (this.#idle.splice(index, 1)[0] as Buffer) : Buffer.allocUnsafeSlow(roundedUp(byteLength));
    let released = false;
    return {
      bytes: whole.subarray(0, byteLength),
      release: () => {
        if (released) return;
        released = true;
        if (this.#idle.length < this.maxKept && whole.byteLength <= this.maxKeptBytes) this.#idle.push(whole);
      },
    };
  }

  /** Idle buffers kept for reuse. */
  get idle(): number {
    return this.#idle.length;
  }
}
