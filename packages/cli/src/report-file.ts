import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

const CLOSING = '\n]\n';

/**
 * A report written as it goes: a JSON array, one entry per line, that is complete and valid after every entry and
 * flushed to disk, so a run that is killed leaves a readable report of everything it did. Each entry overwrites the
 * closing bracket and writes it again after itself, in one write.
 */
export class ReportFile<Entry> {
  readonly #fd: number;
  #position: number;
  #entries = 0;

  constructor(readonly path: string) {
    this.#fd = openSync(path, 'w');
    this.#position = writeSync(this.#fd, '[');
    writeSync(this.#fd, CLOSING, this.#position);
    fsyncSync(this.#fd);
  }

  append(entry: Entry): void {
    const text = `${this.#entries === 0 ? '' : ','}\n  ${JSON.stringify(entry)}`;
    const bytes = Buffer.from(text + CLOSING);
    writeSync(this.#fd, bytes, 0, bytes.length, this.#position);
    fsyncSync(this.#fd);
    this.#position += bytes.length - CLOSING.length;
    this.#entries += 1;
  }

  close(): void {
    closeSync(this.#fd);
  }
}
