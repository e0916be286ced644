/**
 * `@deid-share/sidecar/auth`: how a caller is authenticated and what may not be logged, for other HTTP front doors
 * (the viewer host) that must accept exactly the sidecar's credentials. Free of the HTTP framework.
 */
export { Authenticator, AuthenticationError, type AuthConfig, type Authenticated } from './authenticator.js';
export { JwksVerifier, JwtError } from './jwt.js';
export type { Principal } from './principal.js';
export { redactUrl, REDACTED } from './redact.js';
