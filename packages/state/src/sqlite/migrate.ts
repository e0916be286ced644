import type { Database } from 'better-sqlite3';

import { SQLITE_MIGRATIONS } from './migrations/index.js';

/** Brings the file up to date; safe on every open and when several processes open at once. */
export function migrate(db: Database, file: string): void {
  const known = SQLITE_MIGRATIONS.length;
  const found = userVersion(db);
  if (found > known) {
    throw new Error(
      `State file ${file} has schema version ${found} but this deid-share knows only up to ${known}; upgrade deid-share.`,
    );
  }
  for (const migration of SQLITE_MIGRATIONS) {
    // Re-checked inside an IMMEDIATE transaction: another process may have applied it meanwhile.
    db.transaction(() => {
      if (userVersion(db) >= migration.version) return;
      try {
        db.exec(migration.sql);
      } catch (error) {
        const reason = (error as Error).message;
        throw new Error(`State file ${file}: migration ${migration.version} (${migration.description}) failed: ${reason}`);
      }
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

function userVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
