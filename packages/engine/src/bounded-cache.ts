/** A Map that forgets its oldest entries beyond a size, for per-patient and per-series work repeated across instances. */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  getOrCreate(key: K, create: () => V): V {
    let value = this.#entries.get(key);
    if (value === undefined) {
      value = create();
      this.#entries.set(key, value);
      if (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value as K);
    }
    return value;
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }
}
