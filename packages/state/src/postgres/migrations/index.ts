import { numbered } from '../../migration.js';
import { pseudonymTables } from './0001-pseudonyms.js';
import { shareJobTables } from './0002-share-jobs.js';
import { shareLedgerTables } from './0003-share-ledger.js';
import { auditTables } from './0004-audit.js';
import { peerSettingsTables } from './0005-peer-settings.js';
import { workerLeases } from './0006-worker-leases.js';

/**
 * The PostgreSQL schema history, recorded with checksums in deid_schema_migration. Append only: never edit,
 * reorder or remove a migration that has shipped (test/migrations-frozen.test.ts pins each one); add a file.
 */
export const POSTGRES_MIGRATIONS = numbered([pseudonymTables, shareJobTables, shareLedgerTables, auditTables, peerSettingsTables, workerLeases]);
