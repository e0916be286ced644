/**
 * A real OpenID Connect issuer for the sign-in test: `oidc-provider` (certified, standards-compliant) on loopback,
 * with its own login and consent pages. It issues RS256 JWT access tokens for the sidecar's audience (a resource
 * indicator) carrying a `groups` claim, and publishes its keys at /jwks, where the sidecar reads them.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** The sidecar as a resource server: its audience (an absolute URI, as resource indicators must be) and its scope. */
export const OIDC_AUDIENCE = 'urn:deid-share:sidecar';
export const OIDC_SCOPE = 'deid-share';
export const OIDC_CLIENT_ID = 'deid-share-console';

export interface OidcIssuer {
  issuer: string;
  /** The sidecar's `auth.oidc` block for this issuer. */
  sidecarConfig: Record<string, unknown>;
  stop(): Promise<void>;
}

/** `groups` of each account the test signs in as; any other login has none. */
export async function startOidcIssuer(accounts: Record<string, string[]>, redirectUri: string): Promise<OidcIssuer> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
  const resourceServer = { scope: OIDC_SCOPE, audience: OIDC_AUDIENCE, accessTokenFormat: 'jwt' as const, accessTokenTTL: 600, jwt: { sign: { alg: 'RS256' as const } } };
  const provider = new Provider(issuer, {
    clients: [
      { client_id: OIDC_CLIENT_ID, token_endpoint_auth_method: 'none', redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] },
    ],
    jwks: { keys: [signingKey] },
    scopes: ['openid', OIDC_SCOPE],
    features: {
      resourceIndicators: {
        enabled: true,
        defaultResource: () => OIDC_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => resourceServer,
      },
    },
    extraTokenClaims: (_ctx, token) => (typeof token.accountId === 'string' ? { groups: accounts[token.accountId] ?? [] } : undefined),
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  });
  server.on('request', provider.callback());
  return {
    issuer,
    sidecarConfig: { issuer, audience: OIDC_AUDIENCE, jwksUrl: `${issuer}/jwks`, rolesClaim: 'groups', roleMap: { 'deid-admins': 'admin', 'deid-radiologists': 'radiologist' } },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
