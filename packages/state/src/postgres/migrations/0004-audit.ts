import type { Migration } from '../../migration.js';

/** Append only: a trigger refuses updates and deletes, as in SQLite. */
export const auditTables: Migration = {
  version: 4,
  description: 'audit log',
  sql: `
    CREATE TABLE audit_event (
      seq            BIGSERIAL PRIMARY KEY,
      at             TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
      actor          TEXT NOT NULL,
      role           TEXT NOT NULL,
      action         TEXT NOT NULL,
      peer           TEXT,
      job_id         TEXT,
      profile_id     TEXT,
      profile_sha256 TEXT,
      details        JSONB
    );
    CREATE INDEX audit_event_by_time ON audit_event (at);
    CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the audit log is append only'; END;
    $$;
    CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
  `,
};
