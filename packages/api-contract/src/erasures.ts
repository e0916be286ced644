import { ERASURE_STATUSES } from '@deid-share/state/share-ledger';
import { Type, type Static } from '@sinclair/typebox';

import { OneOf } from './primitives.js';

export const ErasureRequest = Type.Object(
  {
    issuer: Type.Optional(Type.String({ maxLength: 64, description: 'Issuer of Patient ID (0010,0021); empty when the hospital does not use it.' })),
    patientId: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);
export type ErasureRequest = Static<typeof ErasureRequest>;

export const ErasedCopy = Type.Object({
  peerStudyId: Type.String(),
  peerStudyUID: Type.Optional(Type.String({ description: "The de-identified copy's StudyInstanceUID, when known from the ledger." })),
  foundBy: Type.Array(OneOf(['ledger', 'pseudonym'] as const), { description: "How it was found: the share ledger, or the patient's pseudonym on the peer." }),
  deletedAt: Type.String(),
});
export type ErasedCopy = Static<typeof ErasedCopy>;

export const PeerErasure = Type.Object({
  peer: Type.String(),
  scheme: Type.String(),
  searchable: Type.Boolean({ description: "False when the peer's scheme keeps no linkage, so copies sent under it cannot be found." }),
  message: Type.Optional(Type.String()),
  deleted: Type.Array(ErasedCopy),
  alreadyGone: Type.Array(Type.Object({ peerStudyUID: Type.String() }), { description: 'Copies the ledger knew of that were no longer on the peer.' }),
  errors: Type.Array(Type.String()),
});
export type PeerErasure = Static<typeof PeerErasure>;

/** The evidence of an erasure: what was found, deleted or left on each peer. */
export const Erasure = Type.Object(
  {
    id: Type.String(),
    status: OneOf(ERASURE_STATUSES),
    at: Type.String(),
    message: Type.String(),
    peers: Type.Array(PeerErasure),
  },
  { $id: 'Erasure' },
);
export type Erasure = Static<typeof Erasure>;
