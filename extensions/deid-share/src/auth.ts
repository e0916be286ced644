/** Where the sidecar's bearer token comes from: the signed-in OHIF user (OIDC), else the configured token. */
import type { UserAuthenticationService } from './ohif.js';

export function authorizationSource(
  userAuthenticationService: UserAuthenticationService | undefined,
  configuredToken: string | undefined,
): () => string | undefined {
  return () => {
    const header = userAuthenticationService?.getAuthorizationHeader();
    const fromUser = header && typeof header.Authorization === 'string' ? header.Authorization : undefined;
    if (fromUser) return fromUser;
    return configuredToken ? `Bearer ${configuredToken}` : undefined;
  };
}
