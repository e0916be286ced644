import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { BEARER, errors } from '../http/schemas.js';
import type { SidecarServices } from '../services.js';

export const healthRoutes: FastifyPluginAsyncTypebox<{ services: SidecarServices }> = async (app, { services }) => {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Liveness: 200 while the process serves requests (no details, no authentication)',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/metrics',
    {
      config: { access: services.config.metricsRequireAuth ? ['admin'] : 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text format): jobs by status, instances by outcome, bytes, durations',
        description: 'Needs an admin bearer token unless the config sets metrics.requireAuth to false. Counts only: no patient or study data.',
        security: services.config.metricsRequireAuth ? BEARER : [],
        response: { 200: Type.String(), ...errors(401, 403) },
      },
    },
    async (_request, reply) => {
      const body = services.metrics.render({
        jobsByStatus: await services.state.jobs.countByStatus(),
        queuedJobs: services.queue.queued,
        runningJobs: services.queue.running,
        inFlightBytes: services.inFlightBytes(),
      });
      reply.type('text/plain; version=0.0.4; charset=utf-8');
      return body;
    },
  );
};
