import type { Migration } from '../../migration.js';
import { NOW } from '../now.js';

/** Append only: nothing in deid-share updates or deletes an audit row. */
export const auditTables: Migration = {
  version: 4,
  description: 'audit log',
  sql: `
    CREATE TABLE audit_event (
      seq            INTEGER PRIMARY KEY AUTOINCREMENT,
      at             TEXT NOT NULL DEFAULT (${NOW}),
      actor          TEXT NOT NULL,
      role           TEXT NOT NULL,
      action         TEXT NOT NULL,
      peer           TEXT,
      job_id         TEXT,
      profile_id     TEXT,
      profile_sha256 TEXT,
      details        TEXT
    ) STRICT;
    CREATE INDEX audit_event_by_time ON audit_event (at);
    CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
      BEGIN SELECT RAISE(ABORT, 'the audit log is append only'); END;
    CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
      BEGIN SELECT RAISE(ABORT, 'the audit log is append only'); END;
  `,
};
