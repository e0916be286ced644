import type { FastifyPluginAsync } from 'fastify';

import type { Peer } from '../peers.js';
import { errors } from '../http/schemas.js';
import type { SidecarServices } from '../services.js';

/** The first sentence of the profile's description, as a one-line summary. */
function summaryOf(description: string): string {
  const sentence = /^(.+?[.!?])(\s|$)/.exec(description.trim());
  return (sentence?.[1] ?? description).trim();
}

export function peerView(peer: Peer) {
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

export const peerRoutes: FastifyPluginAsync<{ services: SidecarServices }> = async (app, { services }) => {
  app.get(
    '/api/v1/peers',
    {
      config: { access: ['radiologist', 'admin'] },
      schema: {
        tags: ['peers'],
        summary: 'The peers the caller may share to, with their profiles',
        security: [{ bearer: [] }],
        response: { 200: { type: 'array', items: { $ref: 'Peer#' } }, ...errors(401, 403) },
      },
    },
    async () => services.peers.list().map(peerView),
  );
};
