import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

const CLOSING = '\n]\n';
/** An fsync costs milliseconds (more than de-identifying a CT slice): the report is not flushed more often than this. */
const SYNC_INTERVAL_MS = 200;

/**
 * A report written as it goes: a JSON array, one entry per line, complete and valid after every entry, so a run that
 * is killed leaves a readable report of everything it did. Each entry overwrites the closing bracket and writes it
 * again after itself, in one write, which survives the process being killed. It is flushed to disk (against a power
 * cut) with the first entry that comes SYNC_INTERVAL_MS or more after the last flush, and on close.
 */
export class ReportFile<Entry> {
  readonly #fd: number;
  #position: number;
  #entries = 0;
  #syncedAt = Date.now();

  constructor(readonly path: string) {
    this.#fd = openSync(path, 'w');
    this.#position = writeSync(this.#fd, '[');
    writeSync(this.#fd, CLOSING, this.#position);
  }

  append(entry: Entry): void {
    const text = `${this.#entries === 0 ? '' : ','}\n  ${JSON.stringify(entry)}`;
    const bytes = Buffer.from(text + CLOSING);
    writeSync(this.#fd, bytes, 0, bytes.length, this.#position);
    if (Date.now() - this.#syncedAt >= SYNC_INTERVAL_MS) this.#sync();
    this.#position += bytes.length - CLOSING.length;
    this.#entries += 1;
  }

  close(): void {
    this.#sync();
    closeSync(this.#fd);
  }

  #sync(): void {
    fsyncSync(this.#fd);
    this.#syncedAt = Date.now();
  }
}
