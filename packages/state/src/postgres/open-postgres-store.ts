import type { StateStore } from '../state-store.js';
import { PostgresAuditLog } from './audit-log.js';
import { createPool, redacted, type PostgresLocation } from './connection.js';
import { migrate } from './migrate.js';
import { PostgresPeerSettingsStore } from './peer-settings-store.js';
import { PostgresPseudonymStore } from './pseudonym-store.js';
import { PostgresShareJobStore } from './share-job-store.js';
import { PostgresShareLedger } from './share-ledger.js';
import { PostgresSharedWorkQueue } from './shared-work-queue.js';

/** Connects to the PostgreSQL state shared by every worker and brings its schema up to date (under an advisory lock). */
export async function openPostgresStateStore(location: PostgresLocation): Promise<StateStore> {
  const pool = createPool(location);
  try {
    await migrate(pool, redacted(location.url));
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    pseudonyms: new PostgresPseudonymStore(pool),
    jobs: new PostgresShareJobStore(pool),
    shares: new PostgresShareLedger(pool),
    audit: new PostgresAuditLog(pool),
    peerSettings: new PostgresPeerSettingsStore(pool),
    shared: new PostgresSharedWorkQueue(pool),
    async close() {
      await pool.end();
    },
  };
}
