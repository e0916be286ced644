import type { Migration } from '../../migration.js';
import { INSTANCE_STATUSES, JOB_ORIGINS, SHARE_STATUSES } from '../../share-jobs.js';
import { oneOf } from '../../sql-check.js';

/** One row per job, one per (job, peer) target, one per (job, peer, source instance); seq keeps insertion order. */
export const shareJobTables: Migration = {
  version: 2,
  description: 'share jobs and instance outcomes',
  sql: `
    CREATE TABLE share_job (
      id                 TEXT PRIMARY KEY,
      seq                BIGSERIAL NOT NULL,
      status             TEXT NOT NULL CHECK (${oneOf('status', SHARE_STATUSES)}),
      source_study_id    TEXT NOT NULL,
      study_instance_uid TEXT NOT NULL,
      requested_by       TEXT NOT NULL,
      origin             TEXT NOT NULL CHECK (${oneOf('origin', JOB_ORIGINS)}),
      reason             TEXT,
      created_at         TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
      started_at         TIMESTAMPTZ,
      finished_at        TIMESTAMPTZ
    );
    CREATE INDEX share_job_by_status ON share_job (status, created_at);
    CREATE INDEX share_job_by_requester ON share_job (requested_by, created_at);
    CREATE TABLE share_target (
      job_id          TEXT NOT NULL REFERENCES share_job (id) ON DELETE CASCADE,
      peer            TEXT NOT NULL,
      position        INTEGER NOT NULL,
      status          TEXT NOT NULL CHECK (${oneOf('status', SHARE_STATUSES)}),
      profile_id      TEXT NOT NULL,
      profile_version TEXT NOT NULL,
      profile_sha256  TEXT NOT NULL,
      options         TEXT NOT NULL,
      scheme          TEXT NOT NULL,
      reason          TEXT,
      peer_study_uid  TEXT,
      peer_study_id   TEXT,
      started_at      TIMESTAMPTZ,
      finished_at     TIMESTAMPTZ,
      PRIMARY KEY (job_id, peer)
    );
    CREATE TABLE share_instance (
      job_id                  TEXT NOT NULL,
      peer                    TEXT NOT NULL,
      source_instance_id      TEXT NOT NULL,
      seq                     BIGSERIAL NOT NULL,
      sop_instance_uid        TEXT NOT NULL,
      status                  TEXT NOT NULL CHECK (${oneOf('status', INSTANCE_STATUSES)}),
      reason                  TEXT,
      result_sop_instance_uid TEXT,
      bytes                   BIGINT,
      updated_at              TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (job_id, peer, source_instance_id),
      FOREIGN KEY (job_id, peer) REFERENCES share_target (job_id, peer) ON DELETE CASCADE
    );
    CREATE INDEX share_instance_in_order ON share_instance (job_id, peer, seq);
  `,
};
