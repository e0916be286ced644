import type { RawAuth } from './raw-config.js';
import type { Role, SidecarConfig } from './types.js';

/** The `auth` block: tokens by hash (each its own), OIDC over https; at least one way in. */
export function authConfig(raw: RawAuth | undefined, fail: (field: string, problem: string) => never): SidecarConfig['auth'] {
  const tokens = raw?.tokens ?? [];
  tokens.forEach((token, index) => {
    if (tokens.findIndex((other) => other.sha256.toLowerCase() === token.sha256.toLowerCase()) !== index) {
      fail(`auth.tokens[${index}].sha256`, 'is the hash of a token listed before: every token needs its own');
    }
  });
  const oidc = raw?.oidc;
  if (oidc && !/^https:/.test(oidc.jwksUrl) && !isLoopbackUrl(oidc.jwksUrl)) {
    fail('auth.oidc.jwksUrl', 'must use https (plain http only on loopback, for tests)');
  }
  if (tokens.length === 0 && !oidc) fail('auth', 'has no tokens and no oidc: nobody could use the sidecar');
  return {
    tokens: tokens.map((token) => ({ name: token.name, sha256: token.sha256.toLowerCase(), roles: token.roles as Role[] })),
    ...(oidc
      ? {
          oidc: {
            issuer: oidc.issuer,
            audience: oidc.audience,
            jwksUrl: oidc.jwksUrl,
            rolesClaim: oidc.rolesClaim,
            roleMap: oidc.roleMap,
            subjectClaim: oidc.subjectClaim ?? 'sub',
            clockToleranceSeconds: oidc.clockToleranceSeconds ?? 30,
            jwksCacheSeconds: oidc.jwksCacheSeconds ?? 600,
          },
        }
      : {}),
  };
}

function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
}
