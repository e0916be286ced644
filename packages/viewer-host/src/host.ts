/**
 * The viewer host: one origin for the browser, and the trust boundary between the browser and the source Orthanc.
 * It serves the prebuilt OHIF viewer, our generated app-config and plugin bundles, signs users in, and proxies the
 * source Orthanc's DICOMweb (read-only, signed-in users only) and the sidecar API.
 *
 *   every path          normalised first (paths.ts); a dot segment or an encoded slash → 400
 *   /auth/*             sign-in, session, sign-out (signIn.ts); OIDC sign-in under /auth/oidc (oidcSignIn.ts)
 *   /dicom-web/*        → Orthanc's DICOMweb root: GET/HEAD of DICOMweb resources only (dicomWeb.ts), for a
 *                         caller with a bearer token or a session (else 401, and Orthanc never sees the request);
 *                         Orthanc's basic auth added here, never sent to the browser
 *   /api/*              → the sidecar; the browser's bearer token passes, or the session's token is added
 *   /app-config.js      generated (data source, plugins, deidShare block)
 *   /deid-share/*.js    the extension and mode bundles, and admin.js
 *   /admin              the admin console's page (adminConsole.ts); its API calls use the session
 *   anything else       the OHIF dist; client-side routes fall back to index.html
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthenticationError, Authenticator, type AuthConfig, type JwksVerifier } from '@deid-share/sidecar/auth';
import { Agent } from 'undici';
import { AccessLog, stderrLog, type LogWriter } from './accessLog.js';
import { isAdminPage, sendAdminPage } from './adminConsole.js';
import { DICOM_WEB_PATH, renderAppConfig } from './appConfig.js';
import { CallerCheck, NotAllowed } from './caller.js';
import { DICOM_WEB_METHODS, isDicomWebResource } from './dicomWeb.js';
import { answerClientError, sendError } from './errors.js';
import { BadPath, encodedTail, isUnder, normalizePath, type RequestPath } from './paths.js';
import { proxy, type ProxyTarget } from './proxy.js';
import { SessionStore } from './session.js';
import { OIDC_PREFIX, OidcSignIn, type OidcClientOptions } from './oidcSignIn.js';
import { AUTH_PREFIX, SignIn } from './signIn.js';
import { isSpaRoute, resolveUnder, sendFile } from './staticFiles.js';

export interface ViewerHostOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Interface to listen on; loopback unless told otherwise. */
  host?: string;
  /** The prebuilt viewer's dist folder (see tools/ohif/install.mjs). */
  ohifDist: string;
  /** Folder with extension.js and mode.js (see tools/ohif/build-plugins.mjs); defaults to this package's plugins/. */
  pluginDir?: string;
  /** Base URL of the source Orthanc; its DICOMweb plugin answers under /dicom-web. */
  orthancUrl: string;
  orthancAuth?: { username: string; password: string };
  /** Base URL of the sidecar; its API answers under /api/v1. */
  sidecarUrl: string;
  /** Who may sign in: the sidecar config's `auth` block (token hashes, OIDC), so both accept the same credentials. */
  auth: AuthConfig;
  /** Replaces the OIDC verifier built from `auth.oidc` (tests). */
  jwks?: JwksVerifier;
  /** The OIDC issuer users sign in with (authorization code + PKCE, run here); without it, tokens only. */
  oidc?: OidcClientOptions;
  /** Longest session (default 8 hours). */
  sessionTtlMs?: number;
  /** Where the log's JSON lines go (default stderr). */
  log?: LogWriter;
}

export interface ViewerHost {
  url: string;
  /**
   * A one-time link that signs a browser in with `token` (a sidecar token or OIDC access token, checked now) and
   * opens `next` (default `/`). The link holds a random code, not the token; it works once, within `lifetimeMs`
   * (default 12 hours).
   */
  signInLink(token: string, options?: { next?: string; lifetimeMs?: number }): Promise<string>;
  stop(): Promise<void>;
}

const PLUGIN_PATH = '/deid-share/';
const DICOM_WEB = [DICOM_WEB_PATH.slice(1)];
const API = ['api'];

const defaultPluginDir = fileURLToPath(new URL('../plugins/', import.meta.url));

export async function startViewerHost(options: ViewerHostOptions): Promise<ViewerHost> {
  const pluginDir = options.pluginDir ?? defaultPluginDir;
  checkFolder(options.ohifDist, 'index.html', 'the OHIF dist (run: node tools/ohif/install.mjs)');
  checkFolder(pluginDir, 'extension.js', 'the plugin bundles (run: node tools/ohif/build-plugins.mjs)');
  checkFolder(pluginDir, 'mode.js', 'the plugin bundles (run: node tools/ohif/build-plugins.mjs)');

  const dispatcher = new Agent({ connect: { timeout: 10_000 } });
  const orthanc: ProxyTarget = { name: 'Orthanc', baseUrl: parseUrl(options.orthancUrl, 'orthancUrl'), dispatcher, hostLogin: true };
  const orthancAuthorization = options.orthancAuth
    ? `Basic ${Buffer.from(`${options.orthancAuth.username}:${options.orthancAuth.password}`).toString('base64')}`
    : undefined;
  const sidecar: ProxyTarget = { name: 'The sharing service', baseUrl: parseUrl(options.sidecarUrl, 'sidecarUrl'), dispatcher };
  const appConfig = renderAppConfig({ pluginPath: PLUGIN_PATH, apiBaseUrl: '/api/v1' });
  const authenticator = new Authenticator(options.auth, options.jwks);
  const sessions = new SessionStore(options.sessionTtlMs ? { ttlMs: options.sessionTtlMs } : {});
  const callers = new CallerCheck(authenticator, sessions);
  const signIn = new SignIn(authenticator, sessions);
  const oidcSignIn = new OidcSignIn(options.oidc, authenticator, sessions);
  const log = new AccessLog(options.log ?? stderrLog);

  const handle = async (req: IncomingMessage, res: ServerResponse, seen: { user?: string }) => {
    let path: RequestPath;
    try {
      path = normalizePath(req.url ?? '/');
    } catch (error) {
      if (error instanceof BadPath) return sendError(res, 400, 'bad_path', error.message);
      throw error;
    }
    if (isUnder(path, DICOM_WEB)) {
      const caller = await callers.viewerCaller(req);
      seen.user = caller.principal.id;
      if (!DICOM_WEB_METHODS.includes(req.method ?? '')) {
        return sendError(res, 405, 'method_not_allowed', `the viewer only reads DICOMweb (${DICOM_WEB_METHODS.join(', ')})`, {
          allow: DICOM_WEB_METHODS.join(', '),
        });
      }
      if (!isDicomWebResource(path.segments.slice(DICOM_WEB.length))) {
        return sendError(res, 404, 'not_found', `${path.path} is not a DICOMweb resource the viewer reads`);
      }
      return proxy(req, res, orthanc, { path: `${DICOM_WEB_PATH}${encodedTail(path, DICOM_WEB)}${path.query}`, authorization: orthancAuthorization });
    }
    if (isUnder(path, API)) {
      // A bearer token from the page goes to the sidecar as it is (the sidecar checks it); else the session's.
      const authorization = req.headers.authorization ?? (sessions.fromRequest(req) ? `Bearer ${(await callers.caller(req)).token}` : undefined);
      return proxy(req, res, sidecar, { path: `/api${encodedTail(path, API)}${path.query}`, authorization });
    }
    if (isUnder(path, OIDC_PREFIX) && (await oidcSignIn.handle(req, res, path))) return;
    if (isUnder(path, AUTH_PREFIX) && (await signIn.handle(req, res, path))) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'method_not_allowed', 'static files are read with GET or HEAD');
    if (path.path === '/app-config.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(req.method === 'HEAD' ? undefined : appConfig);
    }
    if (isAdminPage(path.path)) return sendAdminPage(req, res, PLUGIN_PATH);
    if (path.path.startsWith(PLUGIN_PATH) && (await sendFile(req, res, resolveUnder(pluginDir, path.path.slice(PLUGIN_PATH.length))))) return;
    if (await sendFile(req, res, resolveUnder(options.ohifDist, path.path), 'public, max-age=3600')) return;
    if (isSpaRoute(path.path) && (await sendFile(req, res, join(options.ohifDist, 'index.html')))) return;
    return sendError(res, 404, 'not_found', `no file ${path.path}`);
  };

  const server = createServer((req, res) => {
    const seen: { user?: string } = {};
    log.track(req, res, () => seen.user);
    handle(req, res, seen).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof AuthenticationError) return sendError(res, 401, 'unauthenticated', error.message, { 'www-authenticate': error.challenge });
      if (error instanceof NotAllowed) return sendError(res, 403, 'forbidden', error.message);
      log.error(req, error);
      sendError(res, 500, 'internal_error', 'internal error; see the viewer host log');
    });
  });
  server.on('clientError', answerClientError);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  return {
    url,
    signInLink: async (token, { next = '/', lifetimeMs = 12 * 3600_000 } = {}) =>
      `${url}/auth/sign-in?code=${await signIn.code(token, next, lifetimeMs)}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
    },
  };
}

function checkFolder(folder: string, file: string, what: string): void {
  if (!existsSync(join(folder, file))) throw new Error(`viewer-host: ${file} not found in ${what}: ${folder}`);
}

function parseUrl(value: string, option: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new Error(`viewer-host: ${option} is not a URL: ${value}`);
  }
}
