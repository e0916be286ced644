import pg from 'pg';

/** Where the PostgreSQL state lives. The password never comes from the config file: the caller resolves it. */
export interface PostgresLocation {
  /** `postgres://user@host:port/database`; a password written in the URL is refused by the config loader. */
  readonly url: string;
  readonly password?: string;
  /** Connections this process keeps open (default 10). */
  readonly poolSize?: number;
  /** Shown in pg_stat_activity: which worker holds which connection. */
  readonly applicationName?: string;
}

const TIMESTAMPTZ = 1184;
const INT8 = 20;

/** Timestamps as ISO 8601 UTC text (as the SQLite store returns them); counters and sizes as numbers. */
const types = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === TIMESTAMPTZ) return (value: string) => new Date(value).toISOString();
    if (oid === INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

export function createPool(location: PostgresLocation): pg.Pool {
  const url = new URL(location.url);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error(`state URL ${redacted(location.url)} is not a postgres:// URL`);
  const pool = new pg.Pool({
    host: decodeURIComponent(url.hostname),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined,
    ...(location.password !== undefined ? { password: location.password } : {}),
    max: location.poolSize ?? 10,
    application_name: location.applicationName ?? 'deid-share',
    connectionTimeoutMillis: 10_000,
    // A worker must notice a dead database rather than wait on a half-open socket.
    keepAlive: true,
    types,
  });
  // An idle client losing its server (a database restart) is reported here; the pool replaces it on next use.
  pool.on('error', () => undefined);
  return pool;
}

/** The URL without any password, for messages. */
export function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

/** Runs `work` in one transaction on one connection; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
