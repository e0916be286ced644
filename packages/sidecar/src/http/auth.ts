import type { FastifyInstance, FastifyRequest } from 'fastify';

import { JwksVerifier, JwtError } from '../auth/jwt.js';
import type { Principal } from '../auth/principal.js';
import { TokenTable } from '../auth/tokens.js';
import type { Role, SidecarConfig } from '../config/types.js';
import { forbidden, unauthenticated } from '../errors.js';

/** Who may call a route: some roles, any authenticated caller, or anyone (health only). */
export type Access = readonly Role[] | 'any' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The principal of an authenticated route; the hook guarantees it is set. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated('not authenticated');
  return request.principal;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Every route declares `config.access`; this hook authenticates the bearer token (hashed tokens from
 * the config, else an OIDC JWT when configured) and checks the role before the handler runs. A route
 * without a declaration is refused, so a forgotten one fails closed.
 */
export function registerAuth(app: FastifyInstance, config: SidecarConfig, verifier?: JwksVerifier): void {
  const tokens = new TokenTable(config.auth.tokens);
  const oidc = verifier ?? (config.auth.oidc ? new JwksVerifier(config.auth.oidc) : undefined);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (access === 'public') return;
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header) : null;
    if (!match?.[1]) {
      reply.header('www-authenticate', 'Bearer');
      throw unauthenticated('send the header Authorization: Bearer <token>');
    }
    const token = match[1];
    let principal = tokens.lookup(token);
    if (!principal && oidc && JWT_SHAPE.test(token)) {
      try {
        principal = await oidc.verify(token);
      } catch (error) {
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        throw unauthenticated(error instanceof JwtError ? `token refused: ${error.message}` : 'token refused');
      }
    }
    if (!principal) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw unauthenticated('unknown or revoked token');
    }
    request.principal = principal;
    if (access === 'any') return;
    if (access === undefined) throw forbidden('this route declares no access rule');
    if (!access.some((role) => principal.roles.has(role))) {
      throw forbidden(`this needs the ${access.join(' or ')} role`);
    }
  });
}
