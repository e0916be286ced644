import { AdminPeer, AuditEvent, AuditQuery, PeerNameParams, PeerProfileSetting, SetPeerProfile } from '@deid-share/api-contract';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { roleFor } from '../auth/principal.js';
import { principalOf } from '../http/route-access.js';
import { BEARER, errors, refTo } from '../http/schemas.js';
import { utcBound } from '../http/time-bound.js';
import type { SidecarServices } from '../services.js';
import { peerProfileSetting } from '../views/peer-profile-setting.js';
import { peerView } from '../views/peer-view.js';

export const adminRoutes: FastifyPluginAsyncTypebox<{ services: SidecarServices }> = async (app, { services }) => {
  app.get(
    '/api/v1/admin/peers',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Peers with their connection and profile settings (no credentials)',
        security: BEARER,
        response: { 200: Type.Array(AdminPeer), ...errors(401, 403) },
      },
    },
    async () =>
      Promise.all(
        services.peers.list().map(async (peer) => ({
          name: peer.name,
          description: peer.description,
          url: peer.orthanc.url,
          ...(peer.config.siteId ? { siteId: peer.config.siteId } : {}),
          uidNamespace: peer.config.uidNamespace,
          setting: await peerProfileSetting(services, peer),
          profile: peerView(peer).profile,
        })),
      ),
  );

  app.get(
    '/api/v1/admin/profiles',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Profiles an admin may assign to a peer',
        security: BEARER,
        response: { 200: Type.Array(Type.String()), ...errors(401, 403) },
      },
    },
    async () => services.peers.profileChoices(),
  );

  app.get(
    '/api/v1/admin/peers/:name/profile',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: "A peer's profile and options",
        security: BEARER,
        params: PeerNameParams,
        response: { 200: refTo(PeerProfileSetting), ...errors(401, 403, 404) },
      },
    },
    async (request) => peerProfileSetting(services, services.peers.require(request.params.name)),
  );

  app.put(
    '/api/v1/admin/peers/:name/profile',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: "Change a peer's profile and options (validated, audited; applies to jobs created afterwards)",
        security: BEARER,
        params: PeerNameParams,
        body: SetPeerProfile,
        response: { 200: refTo(PeerProfileSetting), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { before, after } = await services.peers.setProfile(request.params.name, request.body.profile, request.body.options ?? [], principal.id);
      await services.state.audit.append({
        actor: principal.id,
        role: roleFor(principal, ['admin']),
        action: 'peer.profile.changed',
        peer: after.name,
        profileId: after.profile.loaded.profile.id,
        profileSha256: after.profile.loaded.sha256,
        details: {
          before: { profile: before.profile.reference, profileId: before.profile.loaded.profile.id, profileSha256: before.profile.loaded.sha256, options: before.profile.options },
          after: { profile: after.profile.reference, profileId: after.profile.loaded.profile.id, profileSha256: after.profile.loaded.sha256, options: after.profile.options },
          ...(request.body.reason ? { reason: request.body.reason } : {}),
        },
      });
      services.log.info({ peer: after.name, profileId: after.profile.loaded.profile.id }, 'peer profile changed');
      return peerProfileSetting(services, after);
    },
  );

  app.get(
    '/api/v1/admin/audit',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'The audit log, oldest first; page with after=<last seq>',
        security: BEARER,
        querystring: AuditQuery,
        response: { 200: Type.Array(refTo(AuditEvent)), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      return services.state.audit.query({
        limit: q.limit ?? 100,
        ...(q.action ? { action: q.action } : {}),
        ...(q.actor ? { actor: q.actor } : {}),
        ...(q.peer ? { peer: q.peer } : {}),
        ...(q.jobId ? { jobId: q.jobId } : {}),
        ...(q.since ? { since: utcBound(q.since, 'start') } : {}),
        ...(q.until ? { until: utcBound(q.until, 'end') } : {}),
        ...(q.after !== undefined ? { afterSeq: q.after } : {}),
      });
    },
  );
};
