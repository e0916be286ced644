import { CreateShare, RecordIdParams, ShareJob, ShareListQuery, ShareReceipt } from '@deid-share/api-contract';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { roleFor } from '../auth/principal.js';
import { badRequest, notFound } from '../errors.js';
import { principalOf } from '../http/route-access.js';
import { BEARER, errors, refTo } from '../http/schemas.js';
import { utcBound } from '../http/time-bound.js';
import type { SidecarServices } from '../services.js';
import { createShareJob } from '../shares/create-share-job.js';
import { shareJobView } from '../views/share-job-view.js';

export const shareRoutes: FastifyPluginAsyncTypebox<{ services: SidecarServices }> = async (app, { services }) => {
  app.post(
    '/api/v1/shares',
    {
      config: { access: ['radiologist'] },
      schema: {
        tags: ['shares'],
        summary: 'Share a study with peers',
        description: 'De-identifies the study under each peer\'s profile and sends it there. Give exactly one of studyInstanceUID or orthancStudyId.',
        security: BEARER,
        body: CreateShare,
        response: { 202: ShareReceipt, ...errors(400, 401, 403, 404, 409, 502, 503) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { studyInstanceUID, orthancStudyId, peers } = request.body;
      if ((studyInstanceUID === undefined) === (orthancStudyId === undefined)) {
        throw badRequest('give exactly one of studyInstanceUID or orthancStudyId');
      }
      const id = await createShareJob(
        services,
        principal,
        roleFor(principal, ['radiologist']),
        { ...(studyInstanceUID ? { studyInstanceUID } : {}), ...(orthancStudyId ? { orthancStudyId } : {}), peers },
        'request',
      );
      reply.code(202).header('location', `/api/v1/shares/${id}`);
      return { id };
    },
  );

  app.get(
    '/api/v1/shares',
    {
      config: { access: ['radiologist', 'admin'] },
      schema: {
        tags: ['shares'],
        summary: 'List share jobs, newest first (filter by status, peer, origin, creation time)',
        description: 'A radiologist sees the jobs they asked for; an admin sees all (or only their own with mine=true). Per-instance reasons are left out: read one job for them.',
        security: BEARER,
        querystring: ShareListQuery,
        response: { 200: Type.Array(refTo(ShareJob)), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const onlyOwn = !principal.roles.has('admin') || request.query.mine === true;
      const jobs = await services.state.jobs.list({
        limit: request.query.limit ?? 50,
        ...(onlyOwn ? { requestedBy: principal.id } : {}),
        ...(request.query.status ? { status: request.query.status } : {}),
        ...(request.query.peer ? { peer: request.query.peer } : {}),
        ...(request.query.origin ? { origin: request.query.origin } : {}),
        ...(request.query.since ? { since: utcBound(request.query.since, 'start') } : {}),
        ...(request.query.until ? { until: utcBound(request.query.until, 'end') } : {}),
      });
      return Promise.all(jobs.map((job) => shareJobView(services, job, false)));
    },
  );

  app.get(
    '/api/v1/shares/:id',
    {
      config: { access: ['radiologist', 'admin'] },
      schema: {
        tags: ['shares'],
        summary: 'A share job: status, per-peer progress and per-instance reasons',
        security: BEARER,
        params: RecordIdParams,
        response: { 200: refTo(ShareJob), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const job = await services.state.jobs.get(request.params.id);
      // Someone else's job is answered like a missing one: its existence is not the caller's business.
      if (!job || (!principal.roles.has('admin') && job.requestedBy !== principal.id)) throw notFound(`no share job ${request.params.id}`);
      return shareJobView(services, job);
    },
  );
};
