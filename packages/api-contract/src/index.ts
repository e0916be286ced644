/**
 * The sidecar's /api/v1 contract, defined once as TypeBox schemas (JSON Schema with static types). The sidecar
 * validates requests, serialises answers and writes its OpenAPI document with them; the OHIF extension takes
 * its types from them and checks every answer against them. Enumerations come from the package that owns the
 * concept (share statuses: @deid-share/state; preview actions: @deid-share/engine). Browser-safe: no server code.
 */
export { ApiError, Nullable, OneOf, OrthancId, PeerName, TimeBound, Uid, uid } from './primitives.js';
export { CreateShare, PeerShare, RecordIdParams, ShareJob, ShareListQuery, ShareReason, ShareReceipt, ShareStatus } from './shares.js';
export { Preview, PreviewAction, PreviewRequest, PreviewRow } from './previews.js';
export { Peer, PeerList, PeerProfile } from './peers.js';
export { AdminPeer, AuditEvent, AuditQuery, PeerNameParams, PeerProfileSetting, SetPeerProfile } from './admin.js';
export { ErasedCopy, Erasure, ErasureRequest, PeerErasure } from './erasures.js';
export { StableStudy, StableStudyReceipt } from './hooks.js';
export { InstanceImpact, OutgoingValue, ProfileImpact, ProfileImpactRequest, ProfileSummary, Reachability, RetryReceipt, RoutingRule } from './admin-console.js';
export { conforms } from './check.js';

/** Components of the OpenAPI document: the answers with a name, registered once and referred to by `$id`. */
export { COMPONENT_SCHEMAS } from './components.js';
