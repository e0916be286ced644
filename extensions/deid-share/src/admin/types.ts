/**
 * What the admin console reads: the sidecar API's answers are the contract's types (@deid-share/api-contract, the
 * schemas the sidecar validates and answers with); the viewer host's /auth answer and the pages' filters are the
 * console's own.
 */
export type {
  AdminPeer,
  AuditEvent,
  Erasure,
  OutgoingValue,
  PeerShare,
  ProfileImpact,
  Reachability,
  RoutingRule,
  ShareJob,
} from '@deid-share/api-contract';
export type { PeerProfileSetting as ProfileSetting } from '@deid-share/api-contract';

/** The viewer host's GET/POST /auth/session answer. */
export interface SignedIn {
  user: string;
  roles: string[];
  expiresAt: string;
}

export interface ShareFilter {
  status?: string;
  peer?: string;
  origin?: string;
  /** yyyy-mm-dd, the first day shown. */
  from?: string;
  /** yyyy-mm-dd, the last day shown. */
  to?: string;
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  peer?: string;
  jobId?: string;
  since?: string;
  until?: string;
}
