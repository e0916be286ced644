export { startViewerHost, type ViewerHost, type ViewerHostOptions } from './host.js';
export type { OidcClientOptions } from './oidcSignIn.js';
export { SESSION_COOKIE, SessionStore, sessionCookie, clearedSessionCookie, type Session } from './session.js';
export { CallerCheck, NotAllowed, SESSION_ROLES, type Caller } from './caller.js';
export { AuthenticationError } from '@deid-share/sidecar/auth';
export { sendError } from './errors.js';
