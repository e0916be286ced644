import swagger from '@fastify/swagger';
import { COMPONENT_SCHEMAS } from '@deid-share/api-contract';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

import type { JwksVerifier } from './auth/jwt.js';
import { registerAuth } from './http/route-access.js';
import { answerErrorsAsDocumented, ERROR_ANSWER_OPTIONS } from './http/error-answers.js';
import { BEARER } from './http/schemas.js';
import { validatorCompiler } from './http/validation.js';
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
    return503OnClosing: true,
    genReqId: () => crypto.randomUUID(),
    ...ERROR_ANSWER_OPTIONS,
  });
  app.setValidatorCompiler(validatorCompiler());
  answerErrorsAsDocumented(app);

  for (const schema of COMPONENT_SCHEMAS) app.addSchema(schema);
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
      schema: { tags: ['operations'], summary: 'This OpenAPI document', security: BEARER },
    },
    async () => app.swagger(),
  );
  return app;
}
