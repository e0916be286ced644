import { Type, type Static } from '@sinclair/typebox';

import { PeerProfile } from './peers.js';
import { OneOf, TimeBound } from './primitives.js';

/** Where a peer's current profile comes from and what it is. */
export const PeerProfileSetting = Type.Object(
  {
    peer: Type.String(),
    profile: Type.String({ description: 'The reference: a built-in id, a name from the config, or the configured file.' }),
    options: Type.Array(Type.String(), { description: "Options added to the profile's own." }),
    profileId: Type.String(),
    profileVersion: Type.String(),
    profileSha256: Type.String(),
    scheme: Type.String(),
    source: OneOf(['config', 'admin'] as const, { description: 'The config file, or an admin through the API.' }),
    updatedAt: Type.Optional(Type.String()),
    updatedBy: Type.Optional(Type.String()),
  },
  { $id: 'PeerProfileSetting' },
);
export type PeerProfileSetting = Static<typeof PeerProfileSetting>;

/** A peer as an admin sees it: connection (never credentials) and profile setting. */
export const AdminPeer = Type.Object({
  name: Type.String(),
  description: Type.String(),
  url: Type.String(),
  siteId: Type.Optional(Type.String()),
  uidNamespace: Type.String(),
  // The same fields without the $id: a named schema is registered once and never nested.
  setting: Type.Object(PeerProfileSetting.properties),
  profile: PeerProfile,
});
export type AdminPeer = Static<typeof AdminPeer>;

export const PeerNameParams = Type.Object({ name: Type.String({ maxLength: 64 }) });

export const SetPeerProfile = Type.Object(
  {
    profile: Type.String({ minLength: 1, maxLength: 200 }),
    options: Type.Optional(Type.Array(Type.String(), { uniqueItems: true, maxItems: 16 })),
    reason: Type.Optional(Type.String({ maxLength: 500, description: 'Why the profile changes; kept in the audit log.' })),
  },
  { additionalProperties: false },
);
export type SetPeerProfile = Static<typeof SetPeerProfile>;

export const AuditEvent = Type.Object(
  {
    seq: Type.Integer(),
    at: Type.String(),
    actor: Type.String(),
    role: Type.String(),
    action: Type.String(),
    peer: Type.Optional(Type.String()),
    jobId: Type.Optional(Type.String()),
    profileId: Type.Optional(Type.String()),
    profileSha256: Type.Optional(Type.String()),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'AuditEvent' },
);
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String()),
    actor: Type.Optional(Type.String()),
    peer: Type.Optional(Type.String()),
    jobId: Type.Optional(Type.String()),
    since: Type.Optional(TimeBound('ISO 8601 date or date-time, inclusive')),
    until: Type.Optional(TimeBound('ISO 8601 date or date-time, inclusive')),
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;
