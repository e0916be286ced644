import type { PeerSetting } from './peer-settings.js';

/** A peer_setting row as both SQL dialects return it (options as JSON text, the time as ISO text). */
export interface SettingRow {
  peer: string;
  profile: string;
  options: string;
  updated_at: string;
  updated_by: string;
}

export const toPeerSetting = (row: SettingRow): PeerSetting => ({
  peer: row.peer,
  profile: row.profile,
  options: JSON.parse(row.options) as string[],
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});
