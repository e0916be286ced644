import { parseConfig } from './config/load.js';
import { buildApp } from './app.js';
import type { SidecarServices } from './services.js';
import { pino } from 'pino';

/**
 * The OpenAPI document as the sidecar serves it at /api/v1/openapi.json, built from the route schemas
 * without starting anything (for docs/openapi.json and API clients).
 */
export async function openApiDocument(): Promise<unknown> {
  const config = {
    ...parseConfig(
      {
        source: { url: 'http://127.0.0.1:8042' },
        peers: [{ name: 'example', url: 'http://127.0.0.1:8043', profile: 'ps3.15-basic', projectSecretFile: 'project.key' }],
        auth: { tokens: [{ name: 'example', sha256: '0'.repeat(64), roles: ['admin'] }] },
      },
      'openapi',
      {},
    ),
  };
  // Only the routes' declarations are needed: no handler runs.
  const app = await buildApp({ config } as SidecarServices, { logger: pino({ level: 'silent' }) });
  await app.ready();
  const document = app.swagger();
  await app.close();
  return document;
}
