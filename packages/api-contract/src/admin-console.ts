/** What the admin console needs beyond the administration API: live checks, routing, the impact of a change, retries. */
import { INSTANCE_VERDICTS } from '@deid-share/engine/outcomes';
import { Type, type Static } from '@sinclair/typebox';

import { Nullable, OneOf, uid } from './primitives.js';

export const Reachability = Type.Object({
  peer: Type.String(),
  reachable: Type.Boolean(),
  checkedAt: Type.String(),
  latencyMs: Type.Optional(Type.Integer()),
  version: Type.Optional(Type.String({ description: "The peer's Orthanc version." })),
  error: Type.Optional(Type.String()),
});
export type Reachability = Static<typeof Reachability>;

export const RoutingRule = Type.Object({
  name: Type.String(),
  match: Type.Record(Type.String(), Type.Unknown()),
  peers: Type.Array(Type.String()),
});
export type RoutingRule = Static<typeof RoutingRule>;

export const ProfileImpactRequest = Type.Object(
  {
    profile: Type.String({ minLength: 1, maxLength: 200 }),
    options: Type.Optional(Type.Array(Type.String(), { uniqueItems: true, maxItems: 16 })),
    studyInstanceUID: Type.Optional(uid()),
  },
  { additionalProperties: false },
);
export type ProfileImpactRequest = Static<typeof ProfileImpactRequest>;

export const ProfileSummary = Type.Object({
  profile: Type.String(),
  profileId: Type.String(),
  profileVersion: Type.String(),
  profileSha256: Type.String(),
  options: Type.Array(Type.String()),
  scheme: Type.String(),
});
export type ProfileSummary = Static<typeof ProfileSummary>;

/** What would leave for one element under one profile: the action and the resulting value (never the original, unless kept). */
export const OutgoingValue = Type.Object({ action: Type.String(), value: Nullable(Type.String()) });
export type OutgoingValue = Static<typeof OutgoingValue>;

const Verdict = Type.Object({ status: OneOf(INSTANCE_VERDICTS), reason: Type.Optional(Type.String()) });

export const InstanceImpact = Type.Object({
  studyInstanceUID: Type.String(),
  sopInstanceUID: Type.String(),
  current: Verdict,
  proposed: Verdict,
  rows: Type.Array(
    Type.Object({ tag: Type.String(), keyword: Type.String(), path: Type.String(), current: OutgoingValue, proposed: OutgoingValue }),
    { description: 'Elements that would leave differently, with what leaves under each profile (never the original value).' },
  ),
});
export type InstanceImpact = Static<typeof InstanceImpact>;

export const ProfileImpact = Type.Object({
  peer: Type.String(),
  current: ProfileSummary,
  proposed: ProfileSummary,
  attributes: Type.Object(
    {
      changed: Type.Array(Type.Object({ tag: Type.String(), name: Type.String(), from: Type.String(), to: Type.String() })),
      groups: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), count: Type.Integer() })),
      modified: Type.Object({ current: Type.Integer(), proposed: Type.Integer() }),
    },
    { description: 'The AI4HI comparison of the two: attributes whose action changes, and the same grouped by change with counts.' },
  ),
  preview: Type.Optional(InstanceImpact),
  previewUnavailable: Type.Optional(Type.String({ description: 'Why no instance was previewed (no study given and nothing shared to this peer yet).' })),
});
export type ProfileImpact = Static<typeof ProfileImpact>;

export const RetryReceipt = Type.Object({ id: Type.String(), peers: Type.Array(Type.String()) });
export type RetryReceipt = Static<typeof RetryReceipt>;
