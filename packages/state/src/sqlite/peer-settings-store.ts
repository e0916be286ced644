import type { Database, Statement } from 'better-sqlite3';

import type { PeerSetting, PeerSettingsStore } from '../peer-settings.js';
import { toPeerSetting, type SettingRow } from '../peer-setting-rows.js';
import { NOW } from './now.js';

export class SqlitePeerSettingsStore implements PeerSettingsStore {
  readonly #all: Statement<[], SettingRow>;
  readonly #get: Statement<[string], SettingRow>;
  readonly #upsert: Statement<[string, string, string, string], SettingRow>;

  constructor(db: Database) {
    this.#all = db.prepare('SELECT * FROM peer_setting ORDER BY peer');
    this.#get = db.prepare('SELECT * FROM peer_setting WHERE peer = ?');
    this.#upsert = db.prepare(
      `INSERT INTO peer_setting (peer, profile, options, updated_at, updated_by) VALUES (?, ?, ?, ${NOW}, ?)
       ON CONFLICT (peer) DO UPDATE SET profile = excluded.profile, options = excluded.options,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by
       RETURNING *`,
    );
  }

  async all(): Promise<PeerSetting[]> {
    return this.#all.all().map(toPeerSetting);
  }

  async get(peer: string): Promise<PeerSetting | undefined> {
    const row = this.#get.get(peer);
    return row ? toPeerSetting(row) : undefined;
  }

  async set(peer: string, setting: { profile: string; options: readonly string[]; updatedBy: string }): Promise<PeerSetting> {
    const row = this.#upsert.get(peer, setting.profile, JSON.stringify(setting.options), setting.updatedBy);
    if (row === undefined) throw new Error('Saving the peer setting returned no row; the state file may be damaged.');
    return toPeerSetting(row);
  }
}
