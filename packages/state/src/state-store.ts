import type { PseudonymStore } from '@deid-share/engine';

/**
 * Everything deid-share must remember between runs, kept apart from the shared outputs.
 * Async and grouped by concern so a server database can replace the embedded SQLite file and
 * later concerns (jobs, audit, shares) arrive as new members without touching existing ones.
 */
export interface StateStore {
  /** Patient ↔ pseudonym linkage and naming counters: personal data, never shared. */
  readonly pseudonyms: PseudonymStore;
  close(): Promise<void>;
}
