import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { instanceTooLargeReason, MAX_INSTANCE_BYTES } from '@deid-share/engine';

/**
 * Reads files into one buffer that is reused from file to file, so a folder of large images does not allocate
 * (and garbage-collect) a new buffer per file. The bytes returned are valid only until the next read: the caller
 * must be done with everything that views them (the engine's output chunks splice them) before reading again.
 */
export class ReusableFileReader {
  #buffer = Buffer.allocUnsafe(1024 * 1024);

  /** Throws, without reading, when the file is larger than `maxBytes` (the per-instance memory budget). */
  read(path: string, maxBytes = MAX_INSTANCE_BYTES): Uint8Array {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const tooLarge = instanceTooLargeReason(size, maxBytes);
      if (tooLarge) throw new Error(tooLarge);
      if (size > this.#buffer.length) this.#buffer = Buffer.allocUnsafe(size);
      let filled = 0;
      while (filled < size) {
        const count = readSync(fd, this.#buffer, filled, size - filled, filled);
        if (count === 0) break;
        filled += count;
      }
      return this.#buffer.subarray(0, filled);
    } finally {
      closeSync(fd);
    }
  }
}
