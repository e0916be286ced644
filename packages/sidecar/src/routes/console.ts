import { PeerNameParams, ProfileImpact, ProfileImpactRequest, Reachability, RecordIdParams, RetryReceipt, RoutingRule } from '@deid-share/api-contract';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { roleFor } from '../auth/principal.js';
import { conflict, notFound } from '../errors.js';
import { principalOf } from '../http/route-access.js';
import { BEARER, errors } from '../http/schemas.js';
import { profileImpact } from '../profile-impact.js';
import type { SidecarServices } from '../services.js';
import { createShareJob } from '../shares/create-share-job.js';

/** A peer that does not answer within this is reported unreachable: the console asks live, and must not hang. */
const REACHABILITY_TIMEOUT_MS = 5000;

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
export const consoleRoutes: FastifyPluginAsyncTypebox<{ services: SidecarServices }> = async (app, { services }) => {
  app.get(
    '/api/v1/admin/peers/:name/reachability',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: "Whether the peer's Orthanc answers now (asked live, at most 5 s)",
        security: BEARER,
        params: PeerNameParams,
        response: { 200: Reachability, ...errors(401, 403, 404) },
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
        security: BEARER,
        response: { 200: Type.Array(RoutingRule), ...errors(401, 403) },
      },
    },
    async () => services.config.routing.map((rule) => ({ name: rule.name, match: { ...rule.match }, peers: [...rule.peers] })),
  );

  app.post(
    '/api/v1/admin/peers/:name/profile-impact',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'What a profile change would change, before saving it: attributes whose action changes, and one real instance under both',
        description:
          'Nothing is stored or sent and no pseudonym is created. The instance is the named study\'s first, else that of the last study shared to the peer. ' +
          'Rows show what would leave under each profile, never the original value. Audited as peer.profile.previewed.',
        security: BEARER,
        params: PeerNameParams,
        body: ProfileImpactRequest,
        response: { 200: ProfileImpact, ...errors(400, 401, 403, 404, 409, 422, 502) },
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

  app.post(
    '/api/v1/shares/:id/retries',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['shares'],
        summary: 'Share a failed or partial job again to the peers that did not end done',
        description:
          'Creates a new job for the same source study and those peers, under their current profiles (audited as share.requested with retryOf). ' +
          'Deterministic UIDs make instances already on the peer land on the same objects. 409 not_retryable while the job runs or when every peer is done.',
        security: BEARER,
        params: RecordIdParams,
        response: { 202: RetryReceipt, ...errors(401, 403, 404, 409, 502, 503) },
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
