/** What the admin console asks beyond the administration API: live reachability, routing, a change's impact, retries. */
import { INSTANCE_VERDICTS } from '@deid-share/engine/outcomes';
import { Type, type Static } from '@sinclair/typebox';

import { Nullable, OneOf, uid } from './primitives.js';

export const Reachability = Type.Object({
  peer: Type.String(),
  reachable: Type.Boolean(),
  checkedAt: Type.String(),
  latencyMs: Type.Integer({ minimum: 0 }),
  version: Type.Optional(Type.String({ description: "The peer's Orthanc version." })),
  error: Type.Optional(Type.String({ description: 'Why the peer did not answer.' })),
});
export type Reachability = Static<typeof Reachability>;

export const RoutingRule = Type.Object({
  name: Type.String(),
  match: Type.Record(Type.String(), Type.Unknown(), { description: 'The conditions, as in the config file (docs/sidecar.md).' }),
  peers: Type.Array(Type.String()),
});
export type RoutingRule = Static<typeof RoutingRule>;

export const ProfileImpactRequest = Type.Object(
  {
    profile: Type.String({ minLength: 1, maxLength: 200 }),
    options: Type.Optional(Type.Array(Type.String(), { uniqueItems: true, maxItems: 16 })),
    studyInstanceUID: Type.Optional(uid({ description: 'The study to preview; default the last one shared to the peer.' })),
  },
  { additionalProperties: false },
);
export type ProfileImpactRequest = Static<typeof ProfileImpactRequest>;

export const ProfileSummary = Type.Object({
  profile: Type.String(),
  profileId: Type.String(),
  profileVersion: Type.String(),
  profileSha256: Type.String(),
  options: Type.Array(Type.String(), { description: "Options added to the profile's own." }),
  scheme: Type.String(),
});
export type ProfileSummary = Static<typeof ProfileSummary>;

const ActionCode = Type.String({ description: 'PS3.15 action code: D, Z, X, K, C or U.' });

export const ChangedAttribute = Type.Object({
  tag: Type.String({ description: '"(0010,0010)", "(60xx,3000)" for repeating groups, "(gggg,eeee) odd gggg" for private attributes.' }),
  name: Type.String(),
  from: ActionCode,
  to: ActionCode,
});
export type ChangedAttribute = Static<typeof ChangedAttribute>;

export const OutgoingValue = Type.Object({
  action: Type.String({ description: 'What the profile does to the element (a preview action).' }),
  value: Nullable(Type.String({ description: 'What the peer would receive; null when nothing is sent.' })),
});
export type OutgoingValue = Static<typeof OutgoingValue>;

const InstanceVerdict = Type.Object({ status: OneOf(INSTANCE_VERDICTS), reason: Type.Optional(Type.String()) });

export const InstanceImpact = Type.Object({
  studyInstanceUID: Type.String(),
  sopInstanceUID: Type.String({ description: 'The original SOP Instance UID of the previewed instance.' }),
  current: InstanceVerdict,
  proposed: InstanceVerdict,
  rows: Type.Array(
    Type.Object({ tag: Type.String(), keyword: Type.String(), path: Type.String(), current: OutgoingValue, proposed: OutgoingValue }),
    { description: 'Only the elements that would leave differently.' },
  ),
});
export type InstanceImpact = Static<typeof InstanceImpact>;

export const ProfileImpact = Type.Object({
  peer: Type.String(),
  current: ProfileSummary,
  proposed: ProfileSummary,
  attributes: Type.Object(
    {
      changed: Type.Array(ChangedAttribute),
      groups: Type.Array(Type.Object({ from: ActionCode, to: ActionCode, count: Type.Integer({ minimum: 1 }) }), { description: 'The changes grouped, most frequent first.' }),
      modified: Type.Object({ current: Type.Integer(), proposed: Type.Integer() }, { description: 'Attributes each profile modifies (action not K).' }),
    },
    { description: 'The AI4HI comparison of the two profiles as applied to this peer.' },
  ),
  preview: Type.Optional(InstanceImpact),
  previewUnavailable: Type.Optional(Type.String({ description: 'Why no instance was previewed.' })),
});
export type ProfileImpact = Static<typeof ProfileImpact>;

export const ShareRetry = Type.Object({
  id: Type.String({ description: 'The new job.' }),
  peers: Type.Array(Type.String(), { description: 'The peers it shares to again.' }),
});
export type ShareRetry = Static<typeof ShareRetry>;
