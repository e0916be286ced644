/** The HTTP layer without Orthanc: authentication, roles, errors and the OpenAPI document. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { pino } from 'pino';

import { buildApp } from '../src/app.js';
import { createLogger, JwksVerifier, openApiDocument, parseConfig, sha256Hex, type SidecarConfig } from '../src/index.js';
import type { Principal } from '../src/auth/principal.js';
import type { SidecarServices } from '../src/services.js';

const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

const config: SidecarConfig = parseConfig(
  {
    source: { url: 'http://127.0.0.1:8042' },
    projectSecretFile: 'project.key',
    peers: [{ name: 'central', url: 'http://127.0.0.1:8043', profile: 'eucanimage' }],
    auth: {
      tokens: [{ name: 'ana', sha256: sha256Hex('ana-token'), roles: ['radiologist'] }],
      oidc: { issuer: 'https://idp.example.org', audience: 'deid-share', jwksUrl: 'https://idp.example.org/jwks', rolesClaim: 'roles', roleMap: { admins: 'admin' } },
    },
  },
  'test.json',
  {},
);

/** Stands in for the OIDC verifier: tokens "jwt-<role>" are valid. */
class FakeVerifier extends JwksVerifier {
  override async verify(token: string): Promise<Principal> {
    const match = /^jwt\.(\w+)\.sig$/.exec(token);
    if (!match) throw new (await import('../src/auth/jwt.js')).JwtError('the signature does not verify');
    return { id: `oidc-${match[1]}`, roles: new Set(match[1] === 'none' ? [] : [match[1] as 'admin']), via: 'oidc' };
  }
}

async function app() {
  const services = { config, peers: { list: () => [] } } as unknown as SidecarServices;
  const server = await buildApp(services, { logger: pino({ level: 'silent' }), jwks: new FakeVerifier(config.auth.oidc as never) });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  const call = async (method: string, path: string, token?: string, body?: string) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
    });
    return { statusCode: response.status, body: (await response.json()) as any };
  };
  return { call, close: () => server.close() };
}

describe('HTTP API without Orthanc', () => {
  it('authenticates hashed tokens and OIDC tokens, and checks roles', async () => {
    const server = await app();
    const get = (token?: string) => server.call('GET', '/api/v1/peers', token);
    expect((await get('ana-token')).statusCode).toBe(200);
    expect((await get('jwt.admin.sig')).statusCode).toBe(200);
    const none = await get('jwt.none.sig');
    expect([none.statusCode, none.body.error.code]).toEqual([403, 'forbidden']);
    const forged = await get('jwt.forged.x');
    expect([forged.statusCode, forged.body]).toEqual([401, { error: { code: 'unauthenticated', message: 'token refused: the signature does not verify' } }]);
    expect((await get()).statusCode).toBe(401);
    expect((await get('ana-tokenx')).statusCode).toBe(401);
    const audit = await server.call('GET', '/api/v1/admin/audit', 'ana-token');
    expect([audit.statusCode, audit.body.error.message]).toEqual([403, 'this needs the admin role']);
    expect((await server.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    const tooBig = await server.call('POST', '/api/v1/shares', 'ana-token', `{"peers":["${'x'.repeat(70_000)}"]}`);
    expect([tooBig.statusCode, tooBig.body.error.code]).toEqual([413, 'payload_too_large']);
    await server.close();
  });

  it('keeps docs/openapi.json equal to the document the routes produce', async () => {
    const committed = JSON.parse(readFileSync(resolve(REPO, 'docs/openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(await openApiDocument())));
  });
});

describe('request logging', () => {
  it('never writes a secret sent in a URL to the log', async () => {
    const lines: string[] = [];
    const logger = createLogger({ ...config, logLevel: 'info' }, { write: (line: string) => lines.push(line) });
    const services = { config, peers: { list: () => [] } } as unknown as SidecarServices;
    const server = await buildApp(services, { logger });
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    try {
      const query = '?token=ana-token&access_token=eyJ.secret.sig&id%5Ftoken=idsecret&code=onetime&limit=5';
      const response = await fetch(`${url}/api/v1/peers${query}`, { headers: { authorization: 'Bearer ana-token' } });
      expect(response.status).toBe(200);
      const log = lines.join('');
      expect(log).toContain('/api/v1/peers?token=[REDACTED]&access_token=[REDACTED]&id%5Ftoken=[REDACTED]&code=[REDACTED]&limit=5');
      for (const secret of ['ana-token', 'eyJ.secret.sig', 'idsecret', 'onetime']) expect(log).not.toContain(secret);
    } finally {
      await server.close();
    }
  });
});
