import type { FastifyPluginAsync } from 'fastify';

import { roleFor } from '../auth/principal.js';
import { badRequest, notFound } from '../errors.js';
import { principalOf } from '../http/route-access.js';
import { errors, STATUS } from '../http/schemas.js';
import { createShareJob, shareJobView, type SidecarServices } from '../services.js';

const UID = { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)*$', maxLength: 64 } as const;
const ORTHANC_ID = { type: 'string', pattern: '^[0-9a-f]{8}(-[0-9a-f]{8}){4}$' } as const;
const SECURITY = [{ bearer: [] }];

interface CreateShare {
  studyInstanceUID?: string;
  orthancStudyId?: string;
  peers: string[];
}

export const shareRoutes: FastifyPluginAsync<{ services: SidecarServices }> = async (app, { services }) => {
  app.post<{ Body: CreateShare }>(
    '/api/v1/shares',
    {
      config: { access: ['radiologist'] },
      schema: {
        tags: ['shares'],
        summary: 'Share a study with peers',
        description: 'De-identifies the study under each peer\'s profile and sends it there. Give exactly one of studyInstanceUID or orthancStudyId.',
        security: SECURITY,
        body: {
          type: 'object',
          required: ['peers'],
          additionalProperties: false,
          properties: {
            studyInstanceUID: UID,
            orthancStudyId: ORTHANC_ID,
            peers: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 64 }, minItems: 1, maxItems: 32, uniqueItems: true },
          },
        },
        response: {
          202: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
          ...errors(400, 401, 403, 404, 409, 502, 503),
        },
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

  app.get<{ Querystring: { limit?: number; status?: string; mine?: boolean; peer?: string; origin?: 'request' | 'auto'; since?: string; until?: string } }>(
    '/api/v1/shares',
    {
      config: { access: ['radiologist', 'admin'] },
      schema: {
        tags: ['shares'],
        summary: 'List share jobs, newest first (filter by status, peer, origin, creation time)',
        description: 'A radiologist sees the jobs they asked for; an admin sees all (or only their own with mine=true). Per-instance reasons are left out: read one job for them.',
        security: SECURITY,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            status: STATUS,
            mine: { type: 'boolean', default: false },
            peer: { type: 'string', maxLength: 64, description: 'Only jobs sent to this peer.' },
            origin: { type: 'string', enum: ['request', 'auto'] },
            since: { type: 'string', maxLength: 40, description: 'Created at or after (ISO 8601).' },
            until: { type: 'string', maxLength: 40, description: 'Created at or before (ISO 8601).' },
          },
        },
        response: { 200: { type: 'array', items: { $ref: 'ShareJob#' } }, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const onlyOwn = !principal.roles.has('admin') || request.query.mine === true;
      const jobs = await services.state.jobs.list({
        limit: request.query.limit ?? 50,
        ...(onlyOwn ? { requestedBy: principal.id } : {}),
        ...(request.query.status ? { status: request.query.status as 'queued' } : {}),
        ...(request.query.peer ? { peer: request.query.peer } : {}),
        ...(request.query.origin ? { origin: request.query.origin } : {}),
        ...(request.query.since ? { since: request.query.since } : {}),
        ...(request.query.until ? { until: request.query.until } : {}),
      });
      return Promise.all(jobs.map((job) => shareJobView(services, job, false)));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/shares/:id',
    {
      config: { access: ['radiologist', 'admin'] },
      schema: {
        tags: ['shares'],
        summary: 'A share job: status, per-peer progress and per-instance reasons',
        security: SECURITY,
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
        response: { 200: { $ref: 'ShareJob#' }, ...errors(401, 403, 404) },
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
