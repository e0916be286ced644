/** The sidecar API contract (/api/v1) as the panel sees it. */

export interface PeerProfile {
  id: string;
  version: string;
  title: string;
  summary: string;
  options: string[];
}

export interface Peer {
  name: string;
  description: string;
  profile: PeerProfile;
}

export type PreviewAction = 'removed' | 'replaced' | 'emptied' | 'kept' | 'shifted' | 'remapped' | 'cleaned' | 'added';

export interface PreviewRow {
  /** "(gggg,eeee)" */
  tag: string;
  /** Where the attribute is, e.g. "(0040,A730)[0].(0040,A123)": unique within a preview. */
  path: string;
  keyword: string;
  original: string | null;
  result: string | null;
  action: PreviewAction;
  /** Why: the profile's rule or the standard's table entry that decided the action. */
  rule: string;
}

export interface Preview {
  peer: string;
  profileId: string;
  profileVersion: string;
  sopInstanceUID: string;
  /** Whether sharing would send this instance, or hold it back (then `reason` says why and `rows` is empty). */
  status: 'ok' | 'withheld' | 'refused';
  reason?: string;
  rows: PreviewRow[];
}

export type ShareStatus = 'queued' | 'running' | 'done' | 'partial' | 'failed';

export interface ShareReason {
  sopInstanceUID: string;
  status: 'withheld' | 'refused' | 'failed';
  reason: string;
}

export interface PeerShare {
  peer: string;
  status: ShareStatus;
  total: number;
  done: number;
  withheld: number;
  refused: number;
  failed: number;
  peerStudyId?: string;
  peerStudyUrl?: string;
  /** Why this peer is partial or failed. */
  reason?: string;
  reasons: ShareReason[];
}

export interface Share {
  id: string;
  status: ShareStatus;
  studyInstanceUID: string;
  peers: PeerShare[];
}
