import type { Migration } from '../../migration.js';
import { ERASURE_STATUSES } from '../../share-ledger.js';
import { oneOf } from '../../sql-check.js';

/** subject_key is a keyed hash (see ShareRecordInput): the table alone cannot be matched against MRNs. */
export const shareLedgerTables: Migration = {
  version: 3,
  description: 'shared copies per subject and erasure evidence',
  sql: `
    CREATE TABLE shared_copy (
      subject_key    TEXT NOT NULL,
      peer           TEXT NOT NULL,
      peer_study_uid TEXT NOT NULL,
      peer_study_id  TEXT,
      job_id         TEXT NOT NULL,
      profile_id     TEXT NOT NULL,
      scheme         TEXT NOT NULL,
      shared_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
      erased_at      TIMESTAMPTZ,
      erasure_id     TEXT,
      PRIMARY KEY (subject_key, peer, peer_study_uid)
    );
    CREATE TABLE erasure (
      id       TEXT PRIMARY KEY,
      at       TEXT NOT NULL,
      actor    TEXT NOT NULL,
      status   TEXT NOT NULL CHECK (${oneOf('status', ERASURE_STATUSES)}),
      evidence JSONB NOT NULL
    );
  `,
};
