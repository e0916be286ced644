import type { PseudonymStore } from '@deid-share/engine';

import type { AuditLog } from './audit-log.js';
import type { PeerSettingsStore } from './peer-settings.js';
import type { ShareJobStore } from './share-jobs.js';
import type { ShareLedger } from './share-ledger.js';
import type { SharedWorkQueue } from './shared-work-queue.js';

/**
 * Everything deid-share must remember between runs, kept apart from the shared outputs.
 * Async and grouped by concern so a server database can replace the embedded SQLite file and
 * later concerns (jobs, audit, shares) arrive as new members without touching existing ones.
 */
export interface StateStore {
  /** Patient ↔ pseudonym linkage and naming counters: personal data, never shared. */
  readonly pseudonyms: PseudonymStore;
  /** Share jobs and the outcome of each instance (the sidecar's work queue). */
  readonly jobs: ShareJobStore;
  /** Which subject's study copy went to which peer (keyed subject, for erasure), and erasure evidence. */
  readonly shares: ShareLedger;
  /** Who did what, when, to which peer, under which profile. */
  readonly audit: AuditLog;
  /** Peer profiles and options changed by admins. */
  readonly peerSettings: PeerSettingsStore;
  /** Present when several worker processes share the store (PostgreSQL): leases on targets and durable intake. */
  readonly shared?: SharedWorkQueue;
  close(): Promise<void>;
}
