/** Serves files from a folder, safely (no path escapes), streaming, with the right content types. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { contentType } from './mime.js';

/** The file under `root` for a decoded, normalised URL path (paths.ts), or null if it would still leave `root`. */
export function resolveUnder(root: string, urlPath: string): string | null {
  const file = normalize(join(root, urlPath));
  const base = normalize(root.endsWith(sep) ? root : root + sep);
  return file.startsWith(base) ? file : null;
}

/** Sends the file if it exists (GET/HEAD); returns false when there is no such file, so the caller can fall back. */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string | null,
  cacheControl = 'no-cache',
): Promise<boolean> {
  if (!file) return false;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return false;
  res.writeHead(200, {
    'content-type': contentType(file),
    'content-length': info.size,
    'cache-control': cacheControl,
    'last-modified': info.mtime.toUTCString(),
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await pipeline(createReadStream(file), res);
  return true;
}

/** Client-side routes (/, /viewer, /deid-share/...) get index.html; a missing file with an extension is a 404. */
export function isSpaRoute(urlPath: string): boolean {
  const last = urlPath.split('/').pop() ?? '';
  return extname(last) === '';
}
