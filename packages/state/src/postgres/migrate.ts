import { createHash } from 'node:crypto';

import type pg from 'pg';

import { POSTGRES_MIGRATIONS } from './migrations/index.js';

/** Any fixed number: every deid-share worker takes this advisory lock while it migrates. */
const MIGRATION_LOCK = 0x6465_6964;

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

/**
 * Brings the database up to date. Workers starting together wait on one advisory lock, so each migration runs
 * once; each runs in its own transaction and is recorded with its checksum, and a recorded migration whose text
 * this deid-share does not know (edited, or from a newer version) stops the start.
 */
export async function migrate(pool: pg.Pool, where: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS deid_schema_migration (
        version     INTEGER PRIMARY KEY,
        description TEXT NOT NULL,
        sha256      TEXT NOT NULL,
        applied_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
      )`);
      const applied = (await client.query<{ version: number; sha256: string }>('SELECT version, sha256 FROM deid_schema_migration ORDER BY version')).rows;
      const newest = applied.at(-1)?.version ?? 0;
      if (newest > POSTGRES_MIGRATIONS.length) {
        throw new Error(`State database ${where} has schema version ${newest} but this deid-share knows only up to ${POSTGRES_MIGRATIONS.length}; upgrade deid-share.`);
      }
      for (const row of applied) {
        const known = POSTGRES_MIGRATIONS[row.version - 1];
        if (known && checksum(known.sql) !== row.sha256) {
          throw new Error(`State database ${where}: migration ${row.version} (${known.description}) differs from the one applied; a shipped migration was edited. Restore it and add a new one.`);
        }
      }
      for (const migration of POSTGRES_MIGRATIONS.slice(newest)) {
        try {
          await client.query('BEGIN');
          await client.query(migration.sql);
          await client.query('INSERT INTO deid_schema_migration (version, description, sha256) VALUES ($1, $2, $3)', [migration.version, migration.description, checksum(migration.sql)]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new Error(`State database ${where}: migration ${migration.version} (${migration.description}) failed: ${(error as Error).message}`);
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
