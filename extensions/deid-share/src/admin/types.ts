/**
 * What the admin console reads: the sidecar's answers are the /api/v1 contract's own types
 * (@deid-share/api-contract); the viewer host's session and the console's filters are its own.
 */
export type {
  AdminPeer,
  AuditEvent,
  Erasure,
  OutgoingValue,
  PeerErasure,
  PeerProfileSetting as ProfileSetting,
  PeerShare,
  ProfileImpact,
  Reachability,
  RoutingRule,
  ShareJob,
} from '@deid-share/api-contract';

/** GET /auth/session of the viewer host. */
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
