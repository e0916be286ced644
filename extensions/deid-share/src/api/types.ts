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

export type PreviewAction = 'removed' | 'replaced' | 'emptied' | 'kept' | 'shifted' | 'remapped' | 'cleaned';

export interface PreviewRow {
  /** "(gggg,eeee)" */
  tag: string;
  keyword: string;
  original: string | null;
  result: string | null;
  action: PreviewAction;
}

export interface Preview {
  peer: string;
  profileId: string;
  sopInstanceUID: string;
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
  reasons: ShareReason[];
}

export interface Share {
  id: string;
  status: ShareStatus;
  studyInstanceUID: string;
  peers: PeerShare[];
}
