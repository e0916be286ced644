import type { StateStore } from '@deid-share/state';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

import { BEARER, errors } from '../http/schemas.js';
import type { SidecarServices } from '../services.js';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  role: Type.Optional(Type.Union([Type.Literal('standalone'), Type.Literal('worker')])),
  worker: Type.Optional(Type.String()),
  database: Type.Optional(Type.Union([Type.Literal('reachable'), Type.Literal('unreachable')])),
});

/** How long /healthz waits for the database before calling it unreachable. */
const DATABASE_TIMEOUT_MS = 2000;

async function reachable(state: StateStore): Promise<boolean> {
  const shared = state.shared;
  if (!shared) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS)));
  try {
    return await Promise.race([shared.ping().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsyncTypebox<{ services: SidecarServices }> = async (app, { services }) => {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Health: 200 while the process serves requests (no details, no authentication)',
        description:
          'A worker sharing a PostgreSQL state also names itself and its role and answers 503 while the database cannot be reached ' +
          '(every request needs it); a sidecar with its own SQLite file answers only the status.',
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      if (!services.config.postgres) return { status: 'ok' as const };
      const database = (await reachable(services.state)) ? ('reachable' as const) : ('unreachable' as const);
      if (database === 'unreachable') reply.code(503);
      return { status: database === 'reachable' ? ('ok' as const) : ('degraded' as const), role: services.queue.role, worker: services.queue.workerId, database };
    },
  );

  app.get(
    '/metrics',
    {
      config: { access: services.config.metricsRequireAuth ? ['admin'] : 'public' },
      schema: {
        tags: ['operations'],
        summary: "Prometheus metrics (text format): jobs by status, instances by outcome, bytes, durations; per worker, with the shared queue's depth",
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
        ...(services.state.shared ? { worker: { id: services.queue.workerId, queue: await services.state.shared.depth() } } : {}),
      });
      reply.type('text/plain; version=0.0.4; charset=utf-8');
      return body;
    },
  );
};
