import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file named, and every file below every folder named, in a stable order. */
export async function listInputFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new Error(`input ${path} does not exist`);
    if (info.isDirectory()) {
      const entries = await readdir(path, { recursive: true, withFileTypes: true });
      const found = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
      files.push(...found.sort());
    } else {
      files.push(path);
    }
  }
  return files;
}
