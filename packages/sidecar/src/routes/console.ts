import type { FastifyPluginAsync } from 'fastify';

import { roleFor } from '../auth/principal.js';
import { conflict, notFound } from '../errors.js';
import { principalOf } from '../http/route-access.js';
import { errors } from '../http/schemas.js';
import { profileImpact } from '../profile-impact.js';
import { createShareJob, type SidecarServices } from '../services.js';

const SECURITY = [{ bearer: [] }];
const NAME_PARAMS = { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 64 } } } as const;
/** A peer that does not answer within this is reported unreachable: the console asks live, and must not hang. */
const REACHABILITY_TIMEOUT_MS = 5000;

const OUTGOING = { type: 'object', properties: { action: { type: 'string' }, value: { type: ['string', 'null'] } } } as const;
const PROFILE_SUMMARY = {
  type: 'object',
  properties: {
    profile: { type: 'string' },
    profileId: { type: 'string' },
    profileVersion: { type: 'string' },
    profileSha256: { type: 'string' },
    options: { type: 'array', items: { type: 'string' } },
    scheme: { type: 'string' },
  },
} as const;
const INSTANCE_STATUS = { type: 'object', properties: { status: { type: 'string', enum: ['ok', 'withheld', 'refused'] }, reason: { type: 'string' } } } as const;

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Routes the admin console needs beyond the administration API: live checks, routing, impact of a change, retries. */
export const consoleRoutes: FastifyPluginAsync<{ services: SidecarServices }> = async (app, { services }) => {
  app.get<{ Params: { name: string } }>(
    '/api/v1/admin/peers/:name/reachability',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: "Whether the peer's Orthanc answers now (asked live, at most 5 s)",
        security: SECURITY,
        params: NAME_PARAMS,
        response: {
          200: {
            type: 'object',
            required: ['peer', 'reachable', 'checkedAt'],
            properties: {
              peer: { type: 'string' },
              reachable: { type: 'boolean' },
              checkedAt: { type: 'string' },
              latencyMs: { type: 'integer' },
              version: { type: 'string', description: "The peer's Orthanc version." },
              error: { type: 'string' },
            },
          },
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => {
      const peer = services.peers.require(request.params.name);
      const started = Date.now();
      const checkedAt = new Date(started).toISOString();
      try {
        const version = await withTimeout(peer.orthanc.version(), REACHABILITY_TIMEOUT_MS, `peer ${peer.name}`);
        return { peer: peer.name, reachable: true, checkedAt, latencyMs: Date.now() - started, version };
      } catch (error) {
        return { peer: peer.name, reachable: false, checkedAt, latencyMs: Date.now() - started, error: (error as Error).message };
      }
    },
  );

  app.get(
    '/api/v1/admin/routing',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'The routing rules for automatic sharing, in config order',
        security: SECURITY,
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: { name: { type: 'string' }, match: { type: 'object', additionalProperties: true }, peers: { type: 'array', items: { type: 'string' } } },
            },
          },
          ...errors(401, 403),
        },
      },
    },
    async () => services.config.routing,
  );

  app.post<{ Params: { name: string }; Body: { profile: string; options?: string[]; studyInstanceUID?: string } }>(
    '/api/v1/admin/peers/:name/profile-impact',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'What a profile change would change, before saving it: attributes whose action changes, and one real instance under both',
        description:
          'Nothing is stored or sent and no pseudonym is created. The instance is the named study\'s first, else that of the last study shared to the peer. ' +
          'Rows show what would leave under each profile, never the original value. Audited as peer.profile.previewed.',
        security: SECURITY,
        params: NAME_PARAMS,
        body: {
          type: 'object',
          required: ['profile'],
          additionalProperties: false,
          properties: {
            profile: { type: 'string', minLength: 1, maxLength: 200 },
            options: { type: 'array', items: { type: 'string' }, uniqueItems: true, maxItems: 16 },
            studyInstanceUID: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)*$', maxLength: 64 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              peer: { type: 'string' },
              current: PROFILE_SUMMARY,
              proposed: PROFILE_SUMMARY,
              attributes: {
                type: 'object',
                properties: {
                  changed: {
                    type: 'array',
                    items: { type: 'object', properties: { tag: { type: 'string' }, name: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } },
                  },
                  groups: {
                    type: 'array',
                    items: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' }, count: { type: 'integer' } } },
                  },
                  modified: { type: 'object', properties: { current: { type: 'integer' }, proposed: { type: 'integer' } } },
                },
              },
              preview: {
                type: 'object',
                properties: {
                  studyInstanceUID: { type: 'string' },
                  sopInstanceUID: { type: 'string' },
                  current: INSTANCE_STATUS,
                  proposed: INSTANCE_STATUS,
                  rows: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { tag: { type: 'string' }, keyword: { type: 'string' }, path: { type: 'string' }, current: OUTGOING, proposed: OUTGOING },
                    },
                  },
                },
              },
              previewUnavailable: { type: 'string' },
            },
          },
          ...errors(400, 401, 403, 404, 409, 422, 502),
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return profileImpact(services, principal, roleFor(principal, ['admin']), {
        peer: request.params.name,
        profile: request.body.profile,
        options: request.body.options ?? [],
        ...(request.body.studyInstanceUID ? { studyInstanceUID: request.body.studyInstanceUID } : {}),
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/shares/:id/retries',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['shares'],
        summary: 'Share a failed or partial job again to the peers that did not end done',
        description:
          'Creates a new job for the same source study and those peers, under their current profiles (audited as share.requested with retryOf). ' +
          'Deterministic UIDs make instances already on the peer land on the same objects. 409 not_retryable while the job runs or when every peer is done.',
        security: SECURITY,
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
        response: {
          202: { type: 'object', required: ['id', 'peers'], properties: { id: { type: 'string' }, peers: { type: 'array', items: { type: 'string' } } } },
          ...errors(401, 403, 404, 409, 502, 503),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const job = await services.state.jobs.get(request.params.id);
      if (!job) throw notFound(`no share job ${request.params.id}`);
      if (job.status !== 'failed' && job.status !== 'partial') throw conflict('not_retryable', `share job ${job.id} is ${job.status}: only a failed or partial job can be retried`);
      const peers = job.targets.filter((target) => target.status !== 'done').map((target) => target.peer);
      const id = await createShareJob(services, principal, roleFor(principal, ['admin']), { orthancStudyId: job.sourceStudyId, peers }, 'request', { retryOf: job.id });
      reply.code(202).header('location', `/api/v1/shares/${id}`);
      return { id, peers };
    },
  );
};
