import { readFile } from 'node:fs/promises';

/** The last `lines` lines of a log file, or a note saying why there are none (used to explain a failed start). */
export async function readLogTail(path: string, lines = 20): Promise<string> {
  try {
    const text = await readFile(path, 'utf8');
    const tail = text.trimEnd().split('\n').slice(-lines).join('\n');
    return tail === '' ? '(the log is empty)' : tail;
  } catch (error) {
    return `(could not read the log: ${(error as Error).message})`;
  }
}
