/**
 * Group commit: rows added while one commit is pending are written together in one transaction (a share records
 * one outcome per instance, many at once). Each caller's promise resolves once its row is committed. Writes that
 * must come after the queued rows call flush() first, which also waits for a commit already under way.
 */
export class GroupCommit<Row> {
  #pending: { row: Row; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #writing: Promise<void> = Promise.resolve();

  constructor(private readonly write: (rows: readonly Row[]) => void | Promise<void>) {}

  add(row: Row): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ row, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  flush(): Promise<void> {
    const batch = this.#pending;
    if (batch.length > 0) {
      this.#pending = [];
      this.#writing = this.#writing.then(async () => {
        try {
          await this.write(batch.map((pending) => pending.row));
          for (const pending of batch) pending.resolve();
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      });
    }
    return this.#writing;
  }
}
