import { Peer as PeerAnswer } from '@deid-share/api-contract';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { BEARER, errors, refTo } from '../http/schemas.js';
import type { SidecarServices } from '../services.js';
import { peerView } from '../views/peer-view.js';

export const peerRoutes: FastifyPluginAsyncTypebox<{ services: SidecarServices }> = async (app, { services }) => {
  app.get(
    '/api/v1/peers',
    {
      config: { access: ['radiologist', 'admin'] },
      schema: {
        tags: ['peers'],
        summary: 'The peers the caller may share to, with their profiles',
        security: BEARER,
        response: { 200: Type.Array(refTo(PeerAnswer)), ...errors(401, 403) },
      },
    },
    async () => services.peers.list().map(peerView),
  );
};
