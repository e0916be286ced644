import type { ShareReason } from '../api/types.js';

/** What the admin console reads from the sidecar API (docs/sidecar.md) and the viewer host's /auth routes. */

export interface SignedIn {
  user: string;
  roles: string[];
  expiresAt: string;
}

export interface ProfileSetting {
  peer: string;
  profile: string;
  options: string[];
  profileId: string;
  profileVersion: string;
  profileSha256: string;
  scheme: string;
  source?: 'config' | 'admin';
  updatedAt?: string;
  updatedBy?: string;
}

export interface AdminPeer {
  name: string;
  description: string;
  url: string;
  siteId?: string;
  uidNamespace: string;
  setting: ProfileSetting;
  profile: { id: string; version: string; title: string; summary: string; options: string[]; scheme: string };
}

export interface Reachability {
  peer: string;
  reachable: boolean;
  checkedAt: string;
  latencyMs?: number;
  version?: string;
  error?: string;
}

export interface RoutingRule {
  name: string;
  match: Record<string, unknown>;
  peers: string[];
}

export type JobStatus = 'queued' | 'running' | 'done' | 'partial' | 'failed';

export interface PeerShare {
  peer: string;
  status: JobStatus;
  total: number;
  done: number;
  withheld: number;
  refused: number;
  failed: number;
  peerStudyId?: string;
  peerStudyUrl?: string;
  reason?: string;
  profile: { id: string; version: string; sha256: string; options: string[] };
  reasons: ShareReason[];
}

export interface ShareJob {
  id: string;
  status: JobStatus;
  studyInstanceUID: string;
  orthancStudyId: string;
  requestedBy: string;
  origin: 'request' | 'auto';
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  reason?: string;
  peers: PeerShare[];
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

export interface ProfileSummary {
  profile: string;
  profileId: string;
  profileVersion: string;
  profileSha256: string;
  options: string[];
  scheme: string;
}

export interface OutgoingValue {
  action: string;
  value: string | null;
}

export interface ProfileImpact {
  peer: string;
  current: ProfileSummary;
  proposed: ProfileSummary;
  attributes: {
    changed: Array<{ tag: string; name: string; from: string; to: string }>;
    groups: Array<{ from: string; to: string; count: number }>;
    modified: { current: number; proposed: number };
  };
  preview?: {
    studyInstanceUID: string;
    sopInstanceUID: string;
    current: { status: string; reason?: string };
    proposed: { status: string; reason?: string };
    rows: Array<{ tag: string; keyword: string; path: string; current: OutgoingValue; proposed: OutgoingValue }>;
  };
  previewUnavailable?: string;
}

export interface AuditEvent {
  seq: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  peer?: string;
  jobId?: string;
  profileId?: string;
  profileSha256?: string;
  details?: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  peer?: string;
  jobId?: string;
  since?: string;
  until?: string;
}

export interface PeerErasure {
  peer: string;
  scheme: string;
  searchable: boolean;
  deleted: Array<{ peerStudyId: string; peerStudyUID?: string; foundBy: string[]; deletedAt: string }>;
  alreadyGone: Array<{ peerStudyUID: string }>;
  errors: string[];
  message?: string;
}

export interface Erasure {
  id: string;
  status: 'complete' | 'incomplete' | 'impossible';
  at: string;
  message: string;
  peers: PeerErasure[];
}
