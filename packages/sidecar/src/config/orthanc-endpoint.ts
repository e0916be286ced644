import type { ConfigContext } from './config-context.js';
import type { RawOrthanc } from './raw-config.js';
import type { OrthancEndpoint } from './types.js';

const DEFAULT_TIMEOUT_MS = 60_000;

/** An Orthanc server (the source or a peer) as the sidecar reaches it: URL, credentials, CA, timeout. */
export function orthancEndpoint(raw: RawOrthanc, field: string, context: ConfigContext): OrthancEndpoint {
  const credentials = raw.credentials
    ? { username: raw.credentials.username, password: context.secret(raw.credentials, `${field}.credentials`) }
    : undefined;
  return {
    url: raw.url.replace(/\/+$/, ''),
    ...(credentials ? { credentials } : {}),
    ...(raw.caFile ? { caFile: context.path(raw.caFile) } : {}),
    timeoutMs: raw.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}
