import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Makes sure `path` exists and only its owner can read it: missing parent folders are created
 * 0700, the file 0600 (an existing file is tightened). SQLite gives its -wal and -shm companions
 * the same mode as the database file.
 */
export function ensurePrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}
