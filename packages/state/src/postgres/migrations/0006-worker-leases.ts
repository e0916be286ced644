import type { Migration } from '../../migration.js';

/**
 * Many workers, one queue: a worker holds a (job, peer) target by a lease it renews; an expired lease is taken
 * over. Stable studies offered by Orthanc are stored before the webhook answers, one row per study (offering a
 * study again only counts the offer), and routed by whichever worker claims the row.
 */
export const workerLeases: Migration = {
  version: 6,
  description: 'worker leases on targets and durable stable-study intake',
  sql: `
    ALTER TABLE share_target
      ADD COLUMN lease_owner      TEXT,
      ADD COLUMN lease_expires_at TIMESTAMPTZ,
      ADD COLUMN claims           INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX share_target_open ON share_target (status) WHERE status IN ('queued', 'running');
    CREATE INDEX share_target_leased ON share_target (peer) WHERE lease_owner IS NOT NULL;
    CREATE TABLE stable_study_offer (
      orthanc_study_id TEXT PRIMARY KEY,
      offers           INTEGER NOT NULL DEFAULT 1,
      first_offered_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
      last_offered_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
      offered_by       TEXT NOT NULL,
      lease_owner      TEXT,
      lease_expires_at TIMESTAMPTZ,
      attempts         INTEGER NOT NULL DEFAULT 0,
      routed_at        TIMESTAMPTZ,
      outcome          TEXT
    );
    CREATE INDEX stable_study_offer_unrouted ON stable_study_offer (first_offered_at) WHERE routed_at IS NULL;
  `,
};
