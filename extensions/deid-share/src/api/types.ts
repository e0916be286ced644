/**
 * The sidecar API contract (/api/v1) as the panel sees it: the types come from @deid-share/api-contract, the
 * schemas the sidecar itself validates and answers with, so a change there fails this build too.
 */
export type { Peer, PeerProfile, PeerShare, Preview, PreviewAction, PreviewRow, ShareReason, ShareStatus } from '@deid-share/api-contract';
export type { ShareJob as Share } from '@deid-share/api-contract';
