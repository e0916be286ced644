import { SHARE_STATUSES, UNSHARED_INSTANCE_STATUSES, JOB_ORIGINS } from '@deid-share/state/share-jobs';
import { Type, type Static } from '@sinclair/typebox';

import { OneOf, OrthancId, PeerName, TimeBound, Uid } from './primitives.js';

export const ShareStatus = OneOf(SHARE_STATUSES);
export type ShareStatus = Static<typeof ShareStatus>;

/** An instance that was withheld, refused or not delivered, with the reason. */
export const ShareReason = Type.Object({
  sopInstanceUID: Type.String({ description: 'The original SOP Instance UID.' }),
  status: OneOf(UNSHARED_INSTANCE_STATUSES),
  reason: Type.String(),
});
export type ShareReason = Static<typeof ShareReason>;

/** One peer of a share job. */
export const PeerShare = Type.Object({
  peer: Type.String(),
  status: ShareStatus,
  total: Type.Integer({ description: 'Instances of the study.' }),
  done: Type.Integer({ description: 'Instances the peer acknowledged (checked to hold, once finished).' }),
  withheld: Type.Integer(),
  refused: Type.Integer(),
  failed: Type.Integer(),
  peerStudyId: Type.Optional(Type.String({ description: "The copy's Orthanc ID on the peer, once verified." })),
  peerStudyUrl: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String({ description: 'Why this peer is partial or failed.' })),
  profile: Type.Object({ id: Type.String(), version: Type.String(), sha256: Type.String(), options: Type.Array(Type.String()) }),
  reasons: Type.Array(ShareReason, { description: 'Every instance that was withheld, refused or not delivered, with the reason.' }),
});
export type PeerShare = Static<typeof PeerShare>;

export const ShareJob = Type.Object(
  {
    id: Type.String(),
    status: ShareStatus,
    studyInstanceUID: Type.String(),
    orthancStudyId: Type.String({ description: 'The study in the source Orthanc.' }),
    requestedBy: Type.String(),
    origin: OneOf(JOB_ORIGINS),
    createdAt: Type.String(),
    startedAt: Type.Optional(Type.String()),
    finishedAt: Type.Optional(Type.String()),
    reason: Type.Optional(Type.String()),
    peers: Type.Array(PeerShare),
  },
  { $id: 'ShareJob' },
);
export type ShareJob = Static<typeof ShareJob>;

/** POST /api/v1/shares: exactly one of studyInstanceUID or orthancStudyId. */
export const CreateShare = Type.Object(
  {
    studyInstanceUID: Type.Optional(Uid),
    orthancStudyId: Type.Optional(OrthancId),
    peers: Type.Array(PeerName, { minItems: 1, maxItems: 32, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type CreateShare = Static<typeof CreateShare>;

export const ShareReceipt = Type.Object({ id: Type.String() });
export type ShareReceipt = Static<typeof ShareReceipt>;

export const ShareListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    status: Type.Optional(ShareStatus),
    mine: Type.Optional(Type.Boolean({ default: false })),
    peer: Type.Optional(Type.String({ maxLength: 64, description: 'Only jobs sent to this peer.' })),
    origin: Type.Optional(OneOf(JOB_ORIGINS)),
    since: Type.Optional(TimeBound('Created at or after (ISO 8601 date or date-time, inclusive).')),
    until: Type.Optional(TimeBound('Created at or before (ISO 8601 date or date-time, inclusive).')),
  },
  { additionalProperties: false },
);
export type ShareListQuery = Static<typeof ShareListQuery>;

/** A job, erasure or other record named in the path. */
export const RecordIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
