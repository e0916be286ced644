import type { Migration } from '../../migration.js';

/** As in SQLite: the two UNIQUE constraints make pseudonyms collision-free across workers. */
export const pseudonymTables: Migration = {
  version: 1,
  description: 'pseudonym linkage and counters',
  sql: `
    CREATE TABLE pseudonym_link (
      namespace      TEXT NOT NULL,
      subject_key    TEXT NOT NULL,
      pseudonym      TEXT NOT NULL,
      sealed_subject TEXT NOT NULL,
      created_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (namespace, subject_key),
      UNIQUE (namespace, pseudonym)
    );
    CREATE INDEX pseudonym_link_by_subject ON pseudonym_link (subject_key);
    CREATE INDEX pseudonym_link_by_pseudonym ON pseudonym_link (pseudonym);
    CREATE TABLE pseudonym_counter (
      namespace TEXT PRIMARY KEY,
      value     BIGINT NOT NULL
    );
  `,
};
