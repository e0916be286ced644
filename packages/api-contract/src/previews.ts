import { CHANGE_KINDS, INSTANCE_VERDICTS } from '@deid-share/engine/outcomes';
import { Type, type Static } from '@sinclair/typebox';

import { Nullable, OneOf, PeerName, uid, Uid } from './primitives.js';

export const PreviewAction = OneOf(CHANGE_KINDS);
export type PreviewAction = Static<typeof PreviewAction>;

export const PreviewRow = Type.Object({
  tag: Type.String({ description: '"(gggg,eeee)"' }),
  keyword: Type.String(),
  original: Nullable(Type.String()),
  result: Nullable(Type.String()),
  action: PreviewAction,
  path: Type.String({ description: 'Where the attribute is, e.g. "(0040,A730)[0].(0040,A123)": unique within a preview.' }),
  rule: Type.String({ description: "Why: the profile's rule or the standard's table entry that decided the action." }),
});
export type PreviewRow = Static<typeof PreviewRow>;

export const Preview = Type.Object({
  peer: Type.String(),
  profileId: Type.String(),
  profileVersion: Type.String(),
  sopInstanceUID: Type.String({ description: 'The original SOP Instance UID of the previewed instance.' }),
  status: OneOf(INSTANCE_VERDICTS, { description: 'What sharing would do with this instance.' }),
  reason: Type.Optional(Type.String({ description: 'Why the instance would be withheld or refused (then rows is empty).' })),
  rows: Type.Array(PreviewRow),
});
export type Preview = Static<typeof Preview>;

export const PreviewRequest = Type.Object(
  {
    studyInstanceUID: Uid,
    peer: PeerName,
    sopInstanceUID: Type.Optional(uid({ description: 'Which instance; default the first of the study.' })),
  },
  { additionalProperties: false },
);
export type PreviewRequest = Static<typeof PreviewRequest>;
