/**
 * The viewer host: one origin for the browser, serving the prebuilt OHIF viewer, our generated app-config and
 * plugin bundles, and reverse-proxying the source Orthanc's DICOMweb and the sidecar API.
 *
 *   /app-config.js     generated (data source, plugins, deidShare block)
 *   /deid-share/*.js   the extension and mode bundles, and admin.js
 *   /admin             the admin console's page (adminConsole.ts)
 *   /dicom-web/*       → Orthanc (basic auth added here when configured, never sent to the browser)
 *   /api/*             → the sidecar (the browser's bearer token passes through)
 *   anything else      the OHIF dist; client-side routes fall back to index.html
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { isAdminPage, sendAdminPage } from './adminConsole.js';
import { DICOM_WEB_PATH, renderAppConfig } from './appConfig.js';
import { proxy, type ProxyTarget } from './proxy.js';
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
  /** Sidecar token handed to the viewer, for deployments without OIDC sign-in. */
  token?: string;
}

export interface ViewerHost {
  url: string;
  stop(): Promise<void>;
}

const PLUGIN_PATH = '/deid-share/';
const API_PATH = '/api';

const defaultPluginDir = fileURLToPath(new URL('../plugins/', import.meta.url));

export async function startViewerHost(options: ViewerHostOptions): Promise<ViewerHost> {
  const pluginDir = options.pluginDir ?? defaultPluginDir;
  checkFolder(options.ohifDist, 'index.html', 'the OHIF dist (run: node tools/ohif/install.mjs)');
  checkFolder(pluginDir, 'extension.js', 'the plugin bundles (run: node tools/ohif/build-plugins.mjs)');
  checkFolder(pluginDir, 'mode.js', 'the plugin bundles (run: node tools/ohif/build-plugins.mjs)');

  const dispatcher = new Agent({ connect: { timeout: 10_000 } });
  const orthanc: ProxyTarget = {
    name: 'Orthanc',
    baseUrl: parseUrl(options.orthancUrl, 'orthancUrl'),
    authorization: options.orthancAuth
      ? `Basic ${Buffer.from(`${options.orthancAuth.username}:${options.orthancAuth.password}`).toString('base64')}`
      : undefined,
    dispatcher,
  };
  const sidecar: ProxyTarget = { name: 'The sharing service', baseUrl: parseUrl(options.sidecarUrl, 'sidecarUrl'), dispatcher };
  const appConfig = renderAppConfig({ pluginPath: PLUGIN_PATH, apiBaseUrl: `${API_PATH}/v1`, token: options.token });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (isUnder(path, DICOM_WEB_PATH)) return proxy(req, res, orthanc);
    if (isUnder(path, API_PATH)) return proxy(req, res, sidecar);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed');
    if (path === '/app-config.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(req.method === 'HEAD' ? undefined : appConfig);
    }
    if (isAdminPage(path)) return sendAdminPage(req, res, PLUGIN_PATH);
    if (path.startsWith(PLUGIN_PATH) && (await sendFile(req, res, resolveUnder(pluginDir, path.slice(PLUGIN_PATH.length))))) return;
    if (await sendFile(req, res, resolveUnder(options.ohifDist, path), 'public, max-age=3600')) return;
    if (isSpaRoute(path) && (await sendFile(req, res, join(options.ohifDist, 'index.html')))) return;
    return sendText(res, 404, 'Not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
      console.error('viewer-host:', error instanceof Error ? error.message : error);
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
    },
  };
}

function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
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

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
