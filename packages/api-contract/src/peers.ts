import { Type, type Static } from '@sinclair/typebox';

export const PeerProfile = Type.Object({
  id: Type.String(),
  version: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  options: Type.Array(Type.String(), { description: "The profile's options and the peer's extra options." }),
  scheme: Type.String({ description: 'Pseudonym scheme.' }),
});
export type PeerProfile = Static<typeof PeerProfile>;

export const Peer = Type.Object({ name: Type.String(), description: Type.String(), profile: PeerProfile }, { $id: 'Peer' });
export type Peer = Static<typeof Peer>;

/** GET /api/v1/peers. */
export const PeerList = Type.Array(Peer);
