import type { FastifyInstance, FastifyRequest } from 'fastify';

import { AuthenticationError, Authenticator } from '../auth/authenticator.js';
import type { JwksVerifier } from '../auth/jwt.js';
import type { Principal } from '../auth/principal.js';
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

/**
 * Every route declares `config.access`; this hook authenticates the bearer token (hashed tokens from
 * the config, else an OIDC JWT when configured) and checks the role before the handler runs. A route
 * without a declaration is refused, so a forgotten one fails closed.
 */
export function registerAuth(app: FastifyInstance, config: SidecarConfig, verifier?: JwksVerifier): void {
  const authenticator = new Authenticator(config.auth, verifier);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (access === 'public') return;
    let principal: Principal;
    try {
      ({ principal } = await authenticator.authenticate(request.headers.authorization));
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      reply.header('www-authenticate', error.challenge);
      throw unauthenticated(error.message);
    }
    request.principal = principal;
    if (access === 'any') return;
    if (access === undefined) throw forbidden('this route declares no access rule');
    if (!access.some((role) => principal.roles.has(role))) {
      throw forbidden(`this needs the ${access.join(' or ')} role`);
    }
  });
}
