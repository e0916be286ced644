import type { PostgresLocation } from '@deid-share/state';

export interface PasswordSource {
  passwordFile?: string;
  passwordEnv?: string;
}

/** `state` in the config file: a SQLite path or a postgres:// URL, or a PostgreSQL database with its password source. */
export type RawState = string | ({ url: string; poolSize?: number } & PasswordSource);

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/**
 * Where the state lives. A postgres:// URL alone takes its password from PGPASSWORD (node-postgres reads it); a
 * password written in the URL is refused, as every secret in the config file is.
 */
export function stateLocation(
  raw: RawState | undefined,
  resolve: {
    path: (value: string) => string;
    secret: (value: PasswordSource, field: string) => string;
    defaultPath: () => string;
    fail: (field: string, problem: string) => never;
  },
): { statePath: string; postgres?: PostgresLocation } {
  if (raw === undefined) return { statePath: resolve.defaultPath() };
  if (typeof raw === 'string' && !POSTGRES_URL.test(raw)) return { statePath: resolve.path(raw) };
  const url = typeof raw === 'string' ? raw : raw.url;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    resolve.fail('state', `${url} is not a valid postgres:// URL`);
  }
  if (parsed?.password) resolve.fail('state', 'secrets are never written in the config file: give the password with passwordFile or passwordEnv (or PGPASSWORD)');
  const password = typeof raw === 'object' && (raw.passwordFile !== undefined || raw.passwordEnv !== undefined) ? resolve.secret(raw, 'state') : undefined;
  return {
    statePath: resolve.defaultPath(),
    postgres: {
      url,
      ...(password !== undefined ? { password } : {}),
      ...(typeof raw === 'object' && raw.poolSize !== undefined ? { poolSize: raw.poolSize } : {}),
    },
  };
}
