/**
 * The admin console's page (`/admin`): an empty shell that loads admin.js from the plugin bundles. The console calls
 * only the sidecar's API through this host (`/api`), signed in by the host's session cookie.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const ADMIN_PATH = '/admin';

/** The console may load its own script and talk to this origin only; it is never framed (clickjacking). */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

export function isAdminPage(path: string): boolean {
  return path === ADMIN_PATH || path === `${ADMIN_PATH}/`;
}

export function adminPage(pluginPath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>deid-share administration</title>
</head>
<body>
<div id="admin-root"><noscript>The administration console needs JavaScript.</noscript></div>
<script type="module" src="${pluginPath}admin.js"></script>
</body>
</html>
`;
}

export function sendAdminPage(req: IncomingMessage, res: ServerResponse, pluginPath: string): void {
  const body = adminPage(pluginPath);
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
