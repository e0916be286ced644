import type { Peer as PeerAnswer } from '@deid-share/api-contract';

import type { Peer } from '../peers.js';

/** The first sentence of the profile's description, as a one-line summary. */
function summaryOf(description: string): string {
  const sentence = /^(.+?[.!?])(\s|$)/.exec(description.trim());
  return (sentence?.[1] ?? description).trim();
}

/** A peer as the API answers it (the contract's Peer): where studies can go and under which profile. */
export function peerView(peer: Peer): PeerAnswer {
  const { profile } = peer.profile.loaded;
  return {
    name: peer.name,
    description: peer.description,
    profile: {
      id: profile.id,
      version: profile.version,
      title: profile.title,
      summary: summaryOf(profile.description),
      options: [...new Set([...profile.options, ...peer.profile.options])],
      scheme: profile.pseudonym.scheme,
    },
  };
}
