/** A peer's profile and options as changed by an admin through the API; overrides the config file's. */
export interface PeerSetting {
  readonly peer: string;
  /** A built-in profile id or a profile named in the config. */
  readonly profile: string;
  readonly options: readonly string[];
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface PeerSettingsStore {
  all(): Promise<PeerSetting[]>;
  get(peer: string): Promise<PeerSetting | undefined>;
  set(peer: string, setting: { profile: string; options: readonly string[]; updatedBy: string }): Promise<PeerSetting>;
}
