import { open } from 'node:fs/promises';

export interface ProjectSecretFile {
  /** The 32-byte project secret. */
  secret: Uint8Array;
  /** Set when other users may read the file; the caller decides how to show it. */
  warning: string | undefined;
}

/** A 64-hex-character file is a few bytes; anything much larger is the wrong file. */
const MAX_PLAUSIBLE_BYTES = 1024;
const HEX_SECRET = /^[0-9a-fA-F]{64}$/;

/**
 * Reads the project secret: exactly 64 hex characters (32 bytes), surrounding whitespace ignored,
 * as in the EuCanImage pipeline. Messages never echo the file's content.
 */
export async function readSecretFile(path: string): Promise<ProjectSecretFile> {
  const file = await openSecretFile(path);
  try {
    const stats = await file.stat();
    const text = stats.size > MAX_PLAUSIBLE_BYTES ? undefined : (await file.readFile('utf8')).trim();
    if (text === undefined || !HEX_SECRET.test(text)) {
      throw new Error(
        `Secret file ${path} must hold exactly 64 hexadecimal characters (32 random bytes) and nothing else. ` +
          'If it was damaged, restore it from your backup: a new secret gives every patient new pseudonyms. ' +
          `For a new project, create one with: openssl rand -hex 32 > ${path} && chmod 600 ${path}`,
      );
    }
    return { secret: new Uint8Array(Buffer.from(text, 'hex')), warning: permissionWarning(path, stats.mode) };
  } finally {
    await file.close();
  }
}

async function openSecretFile(path: string) {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `Secret file ${path} does not exist. Create one with: openssl rand -hex 32 > ${path} && chmod 600 ${path}`,
      );
    }
    throw new Error(`Cannot read secret file ${path}: ${(error as Error).message}`);
  }
}

/** POSIX only: Windows reports synthetic mode bits that say nothing about access. */
function permissionWarning(path: string, mode: number): string | undefined {
  if (process.platform === 'win32' || (mode & 0o077) === 0) return undefined;
  const octal = (mode & 0o777).toString(8).padStart(3, '0');
  return `Secret file ${path} can be read by other users (mode ${octal}); restrict it with: chmod 600 ${path}`;
}
