import type { Database } from 'better-sqlite3';

import { createAuditTables } from './audit-tables.js';
import { createJobTables } from './job-tables.js';
import { createPeerSettingsTables } from './peer-settings-tables.js';
import { createPseudonymTables } from './pseudonym-tables.js';
import { createShareLedgerTables } from './share-ledger-tables.js';

export interface Migration {
  /** Shown in errors; what the migration adds. */
  description: string;
  up(db: Database): void;
}

/**
 * The schema history. A migration's version is its position + 1 and is recorded in
 * PRAGMA user_version. Append only: never edit, reorder or remove a migration that has shipped.
 * A new concern (jobs, audit, shares) adds its tables by appending a migration here.
 */
export const MIGRATIONS: readonly Migration[] = [
  { description: 'pseudonym linkage and counters', up: createPseudonymTables },
  { description: 'share jobs and instance outcomes', up: createJobTables },
  { description: 'shared copies per subject and erasure evidence', up: createShareLedgerTables },
  { description: 'audit log', up: createAuditTables },
  { description: 'peer settings changed by admins', up: createPeerSettingsTables },
];

/** Brings the file up to date; safe on every open and when several processes open at once. */
export function migrate(db: Database, file: string): void {
  const known = MIGRATIONS.length;
  const found = userVersion(db);
  if (found > known) {
    throw new Error(
      `State file ${file} has schema version ${found} but this deid-share knows only up to ${known}; upgrade deid-share.`,
    );
  }
  MIGRATIONS.forEach((migration, index) => {
    const version = index + 1;
    // Re-checked inside an IMMEDIATE transaction: another process may have applied it meanwhile.
    db.transaction(() => {
      if (userVersion(db) >= version) return;
      try {
        migration.up(db);
      } catch (error) {
        const reason = (error as Error).message;
        throw new Error(`State file ${file}: migration ${version} (${migration.description}) failed: ${reason}`);
      }
      db.pragma(`user_version = ${version}`);
    }).immediate();
  });
}

function userVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
