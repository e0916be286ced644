import Database from 'better-sqlite3';

import { ensurePrivateFile } from '../private-file.js';
import type { StateStore } from '../state-store.js';
import { SqliteAuditLog } from './audit-log.js';
import { SqliteShareJobStore } from './share-job-store.js';
import { migrate } from './migrate.js';
import { SqlitePeerSettingsStore } from './peer-settings-store.js';
import { SqlitePseudonymStore } from './pseudonym-store.js';
import { SqliteShareLedger } from './share-ledger.js';

/** Long enough to ride out another process's write, short enough to report a stuck lock. */
const BUSY_TIMEOUT_MS = 5000;

/** Opens (creating if needed) the embedded SQLite state at `path` and brings its schema up to date. */
export async function openStateStore(path: string): Promise<StateStore> {
  ensurePrivateFile(path);
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    // A link lost to a power cut would give a returning patient a second pseudonym: sync every commit.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    const pseudonyms = new SqlitePseudonymStore(db);
    return {
      pseudonyms,
      jobs: new SqliteShareJobStore(db),
      shares: new SqliteShareLedger(db),
      audit: new SqliteAuditLog(db),
      peerSettings: new SqlitePeerSettingsStore(db),
      async close() {
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
