import type { FastifyPluginAsync } from 'fastify';

import { roleFor } from '../auth/principal.js';
import { principalOf } from '../http/route-access.js';
import { errors } from '../http/schemas.js';
import type { Peer } from '../peers.js';
import type { SidecarServices } from '../services.js';
import { peerView } from './peers.js';

const SECURITY = [{ bearer: [] }];

const PEER_PROFILE = {
  $id: 'PeerProfileSetting',
  type: 'object',
  required: ['peer', 'profile', 'options', 'profileId', 'profileVersion', 'profileSha256', 'scheme'],
  properties: {
    peer: { type: 'string' },
    profile: { type: 'string', description: 'The reference: a built-in id, a name from the config, or the configured file.' },
    options: { type: 'array', items: { type: 'string' }, description: 'Options added to the profile\'s own.' },
    profileId: { type: 'string' },
    profileVersion: { type: 'string' },
    profileSha256: { type: 'string' },
    scheme: { type: 'string' },
    source: { type: 'string', enum: ['config', 'admin'] },
    updatedAt: { type: 'string' },
    updatedBy: { type: 'string' },
  },
} as const;

async function profileSetting(services: SidecarServices, peer: Peer) {
  const changed = await services.state.peerSettings.get(peer.name);
  const applied = changed !== undefined && changed.profile === peer.profile.reference;
  return {
    peer: peer.name,
    profile: peer.profile.reference,
    options: [...peer.profile.options],
    profileId: peer.profile.loaded.profile.id,
    profileVersion: peer.profile.loaded.profile.version,
    profileSha256: peer.profile.loaded.sha256,
    scheme: peer.profile.loaded.profile.pseudonym.scheme,
    source: applied ? 'admin' : 'config',
    ...(applied ? { updatedAt: changed.updatedAt, updatedBy: changed.updatedBy } : {}),
  };
}

export const adminRoutes: FastifyPluginAsync<{ services: SidecarServices }> = async (app, { services }) => {
  app.addSchema(PEER_PROFILE);

  app.get(
    '/api/v1/admin/peers',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Peers with their connection and profile settings (no credentials)',
        security: SECURITY,
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: { type: 'string' },
                description: { type: 'string' },
                url: { type: 'string' },
                siteId: { type: 'string' },
                uidNamespace: { type: 'string' },
                setting: { $ref: 'PeerProfileSetting#' },
                profile: { $ref: 'Peer#/properties/profile' },
              },
            },
          },
          ...errors(401, 403),
        },
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
          setting: await profileSetting(services, peer),
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
        security: SECURITY,
        response: { 200: { type: 'array', items: { type: 'string' } }, ...errors(401, 403) },
      },
    },
    async () => services.peers.profileChoices(),
  );

  app.get<{ Params: { name: string } }>(
    '/api/v1/admin/peers/:name/profile',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: "A peer's profile and options",
        security: SECURITY,
        params: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
        response: { 200: { $ref: 'PeerProfileSetting#' }, ...errors(401, 403, 404) },
      },
    },
    async (request) => profileSetting(services, services.peers.require(request.params.name)),
  );

  app.put<{ Params: { name: string }; Body: { profile: string; options?: string[]; reason?: string } }>(
    '/api/v1/admin/peers/:name/profile',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: "Change a peer's profile and options (validated, audited; applies to jobs created afterwards)",
        security: SECURITY,
        params: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
        body: {
          type: 'object',
          required: ['profile'],
          additionalProperties: false,
          properties: {
            profile: { type: 'string', minLength: 1, maxLength: 200 },
            options: { type: 'array', items: { type: 'string' }, uniqueItems: true, maxItems: 16 },
            reason: { type: 'string', maxLength: 500, description: 'Why the profile changes; kept in the audit log.' },
          },
        },
        response: { 200: { $ref: 'PeerProfileSetting#' }, ...errors(400, 401, 403, 404) },
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
          ...(request.body.reason ? { reason: request.body.reason } : {}),
          before: { profile: before.profile.reference, profileId: before.profile.loaded.profile.id, profileSha256: before.profile.loaded.sha256, options: before.profile.options },
          after: { profile: after.profile.reference, profileId: after.profile.loaded.profile.id, profileSha256: after.profile.loaded.sha256, options: after.profile.options },
        },
      });
      services.log.info({ peer: after.name, profileId: after.profile.loaded.profile.id }, 'peer profile changed');
      return profileSetting(services, after);
    },
  );

  app.get<{ Querystring: { action?: string; actor?: string; peer?: string; jobId?: string; since?: string; until?: string; after?: number; limit?: number } }>(
    '/api/v1/admin/audit',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'The audit log, oldest first; page with after=<last seq>',
        security: SECURITY,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            action: { type: 'string' },
            actor: { type: 'string' },
            peer: { type: 'string' },
            jobId: { type: 'string' },
            since: { type: 'string', description: 'ISO 8601, inclusive' },
            until: { type: 'string', description: 'ISO 8601, inclusive' },
            after: { type: 'integer', minimum: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
        },
        response: { 200: { type: 'array', items: { $ref: 'AuditEvent#' } }, ...errors(400, 401, 403) },
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
        ...(q.since ? { since: q.since } : {}),
        ...(q.until ? { until: q.until } : {}),
        ...(q.after !== undefined ? { afterSeq: q.after } : {}),
      });
    },
  );
};
