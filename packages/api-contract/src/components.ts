import { AuditEvent, PeerProfileSetting } from './admin.js';
import { Erasure } from './erasures.js';
import { Peer } from './peers.js';
import { ApiError } from './primitives.js';
import { ShareJob } from './shares.js';

/** The named answers (each has a `$id`): the server registers them once and its routes refer to them. */
export const COMPONENT_SCHEMAS = [ApiError, ShareJob, Peer, AuditEvent, Erasure, PeerProfileSetting] as const;
