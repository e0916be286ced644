import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

import type { JwksVerifier } from './auth/jwt.js';
import { ApiError } from './errors.js';
import { registerAuth } from './http/route-access.js';
import { SHARED_SCHEMAS } from './http/schemas.js';
import { adminRoutes } from './routes/admin.js';
import { consoleRoutes } from './routes/console.js';
import { erasureRoutes } from './routes/erasures.js';
import { healthRoutes } from './routes/health.js';
import { hookRoutes } from './routes/hooks.js';
import { peerRoutes } from './routes/peers.js';
import { previewRoutes } from './routes/previews.js';
import { shareRoutes } from './routes/shares.js';
import type { SidecarServices } from './services.js';
import { SIDECAR_VERSION } from './version.js';

/** JSON request bodies are small (ids and names): anything larger is a mistake or an attack. */
const BODY_LIMIT = 64 * 1024;

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

export interface BuildAppOptions {
  logger: Logger;
  /** Replaces the OIDC verifier built from the config (tests). */
  jwks?: JwksVerifier;
}

/** The HTTP API: plugins registered explicitly, every route declaring its schema and who may call it. */
export async function buildApp(services: SidecarServices, options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    // Keep unknown fields so additionalProperties: false rejects them (a typo is an error, not a silent no-op).
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
    genReqId: () => crypto.randomUUID(),
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message } });
    }
    if (error.validation) {
      return reply.code(400).send({ error: { code: 'bad_request', message: error.message } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: { code: CODES[status] ?? 'bad_request', message: error.message } });
    }
    request.log.error({ err: { message: error.message, stack: error.stack } }, 'request failed');
    return reply.code(500).send({ error: { code: 'internal_error', message: `internal error; see the sidecar log for request ${request.id}` } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}` } });
  });

  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'deid-share sidecar',
        version: SIDECAR_VERSION,
        description:
          'De-identifies studies from the hospital Orthanc under each peer\'s profile and shares them with research peers. ' +
          'Every route but /healthz needs `Authorization: Bearer <token>`; roles: radiologist (share, preview, own jobs, peers), ' +
          'admin (profiles, erasure, audit, all jobs, metrics), orthanc (the stable-study webhook). Errors: `{ "error": { "code", "message" } }`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A sidecar token (stored hashed) or an OIDC access token.' } } },
      tags: [
        { name: 'shares', description: 'Share studies and follow jobs' },
        { name: 'peers', description: 'Where studies can go' },
        { name: 'admin', description: 'Peer profiles and the audit log' },
        { name: 'erasure', description: 'GDPR Art. 17' },
        { name: 'hooks', description: 'Called by Orthanc' },
        { name: 'operations', description: 'Health and metrics' },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => (typeof json.$id === 'string' ? json.$id : `def-${index}`) },
  });

  registerAuth(app, services.config, options.jwks);
  await app.register(healthRoutes, { services });
  await app.register(shareRoutes, { services });
  await app.register(previewRoutes, { services });
  await app.register(peerRoutes, { services });
  await app.register(adminRoutes, { services });
  await app.register(consoleRoutes, { services });
  await app.register(erasureRoutes, { services });
  await app.register(hookRoutes, { services });
  app.get(
    '/api/v1/openapi.json',
    {
      config: { access: 'any' },
      schema: { tags: ['operations'], summary: 'This OpenAPI document', security: [{ bearer: [] }] },
    },
    async () => app.swagger(),
  );
  return app;
}
