import type { Migration } from '../../migration.js';

/**
 * Linkage rows hold no identifier in the clear: subject_key is a keyed hash of issuer + patient ID,
 * sealed_subject the same pair encrypted under the project secret (see docs/pseudonyms.md).
 * The two UNIQUE constraints are what make pseudonyms collision-free across processes.
 */
export const pseudonymTables: Migration = {
  version: 1,
  description: 'pseudonym linkage and counters',
  sql: `
    CREATE TABLE pseudonym_link (
      namespace      TEXT NOT NULL,
      subject_key    TEXT NOT NULL,
      pseudonym      TEXT NOT NULL,
      sealed_subject TEXT NOT NULL,
      created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      PRIMARY KEY (namespace, subject_key),
      UNIQUE (namespace, pseudonym)
    ) STRICT;
    CREATE INDEX pseudonym_link_by_subject ON pseudonym_link (subject_key);
    CREATE INDEX pseudonym_link_by_pseudonym ON pseudonym_link (pseudonym);
    CREATE TABLE pseudonym_counter (
      namespace TEXT PRIMARY KEY,
      value     INTEGER NOT NULL
    ) STRICT;
  `,
};
