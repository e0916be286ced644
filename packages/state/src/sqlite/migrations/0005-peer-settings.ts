import type { Migration } from '../../migration.js';

export const peerSettingsTables: Migration = {
  version: 5,
  description: 'peer settings changed by admins',
  sql: `
    CREATE TABLE peer_setting (
      peer       TEXT PRIMARY KEY,
      profile    TEXT NOT NULL,
      options    TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL
    ) STRICT;
  `,
};
