/**
 * Request paths are normalised once, before routing, so every route sees the same path the upstream will get.
 * Browsers resolve dot segments and keep slashes unencoded before they send a request; a request that still has
 * a `.`/`..` segment (raw, percent-encoded or behind a backslash) or an encoded slash was crafted, and is refused
 * rather than resolved: nothing behind this host ever sees a path that could climb out of its folder.
 */
export interface RequestPath {
  /** Decoded segments, none empty; `[]` for `/`. */
  readonly segments: readonly string[];
  /** The decoded path, `/` + segments joined by `/` (a trailing slash kept). */
  readonly path: string;
  /** The raw query, with its `?`, or ''. */
  readonly query: string;
}

export class BadPath extends Error {
  override name = 'BadPath';
}

/** Encoded `/` or `\`, and encoded or raw NUL and other control characters, are never part of a valid path. */
const FORBIDDEN_ENCODED = /%(?:2f|5c|00|0[1-9a-f]|1[0-9a-f]|7f)/i;

export function normalizePath(requestTarget: string): RequestPath {
  if (!requestTarget.startsWith('/')) throw new BadPath('the request target must be a path starting with /');
  const queryAt = requestTarget.indexOf('?');
  const rawPath = queryAt === -1 ? requestTarget : requestTarget.slice(0, queryAt);
  const query = queryAt === -1 ? '' : requestTarget.slice(queryAt);
  if (rawPath.includes('#')) throw new BadPath('a path cannot contain #');
  if (FORBIDDEN_ENCODED.test(rawPath)) throw new BadPath('the path has an encoded slash, backslash or control character');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    throw new BadPath('the path is not valid percent-encoded UTF-8');
  }
  // A decoded control character can only come from a raw one, which the HTTP parser lets through in some cases.
  if (/[\u0000-\u001f\u007f]/.test(decoded)) throw new BadPath('the path has a control character');
  // Backslashes are separators for some servers and file systems: treat them as such here too.
  const parts = decoded.replace(/\\/g, '/').split('/');
  if (parts.some((part) => part === '.' || part === '..')) throw new BadPath('the path has a dot segment (. or ..)');
  const segments = parts.filter((part) => part !== '');
  const trailing = segments.length > 0 && parts[parts.length - 1] === '' ? '/' : '';
  return { segments, path: `/${segments.join('/')}${trailing}`, query };
}

/** Whether the path is `prefix` or under it; `prefix` given as segments, e.g. ['dicom-web']. */
export function isUnder(path: RequestPath, prefix: readonly string[]): boolean {
  return prefix.every((segment, index) => path.segments[index] === segment);
}

/** The path below `prefix`, re-encoded segment by segment for an upstream: what was checked is what is sent. */
export function encodedTail(path: RequestPath, prefix: readonly string[]): string {
  return path.segments
    .slice(prefix.length)
    .map((segment) => `/${encodeSegment(segment)}`)
    .join('');
}

/** Percent-encodes a segment, keeping the sub-delimiters a path may hold as they are (`1,2` for frame lists). */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%(2C|3A|40|24|26|2B|3B|3D)/gi, (escape) => decodeURIComponent(escape));
}
