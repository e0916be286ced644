import type pg from 'pg';

import type { PeerSetting, PeerSettingsStore } from '../peer-settings.js';
import { toPeerSetting, type SettingRow } from '../peer-setting-rows.js';

export class PostgresPeerSettingsStore implements PeerSettingsStore {
  constructor(private readonly pool: pg.Pool) {}

  async all(): Promise<PeerSetting[]> {
    return (await this.pool.query<SettingRow>('SELECT * FROM peer_setting ORDER BY peer')).rows.map(toPeerSetting);
  }

  async get(peer: string): Promise<PeerSetting | undefined> {
    const row = (await this.pool.query<SettingRow>('SELECT * FROM peer_setting WHERE peer = $1', [peer])).rows[0];
    return row ? toPeerSetting(row) : undefined;
  }

  async set(peer: string, setting: { profile: string; options: readonly string[]; updatedBy: string }): Promise<PeerSetting> {
    const { rows } = await this.pool.query<SettingRow>(
      `INSERT INTO peer_setting (peer, profile, options, updated_at, updated_by) VALUES ($1, $2, $3, clock_timestamp(), $4)
       ON CONFLICT (peer) DO UPDATE SET profile = excluded.profile, options = excluded.options,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by
       RETURNING *`,
      [peer, setting.profile, JSON.stringify(setting.options), setting.updatedBy],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('Saving the peer setting returned no row; the state database may be damaged.');
    return toPeerSetting(row);
  }
}
