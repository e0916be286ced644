import { numbered } from '../../migration.js';
import { pseudonymTables } from './0001-pseudonyms.js';
import { shareJobTables } from './0002-share-jobs.js';
import { shareLedgerTables } from './0003-share-ledger.js';
import { auditTables } from './0004-audit.js';
import { peerSettingsTables } from './0005-peer-settings.js';

/**
 * The SQLite schema history, recorded in PRAGMA user_version. Append only: never edit, reorder or remove a
 * migration that has shipped (test/migrations-frozen.test.ts pins each one's checksum); add a file instead.
 */
export const SQLITE_MIGRATIONS = numbered([pseudonymTables, shareJobTables, shareLedgerTables, auditTables, peerSettingsTables]);
