// Entry of the viewer image: the OHIF viewer with De-identify & Share, the source Orthanc's DICOMweb and the sidecar
// API on one origin (docs/viewer.md). Settings come from the environment; credentials from files (Docker secrets),
// never from the environment itself.
//
//   ORTHANC_URL, SIDECAR_URL            required
//   SIDECAR_CONFIG_FILE                  the sidecar's config: the host accepts the credentials of its `auth` block
//                                        (token hashes, OIDC) and reads nothing else from it (required)
//   ORTHANC_USERNAME, ORTHANC_PASSWORD_FILE   basic auth the host adds towards Orthanc (optional, together)
//   OIDC_ISSUER, OIDC_CLIENT_ID          sign-in at the organisation's issuer (authorization code + PKCE, docs/admin.md;
//   OIDC_CLIENT_SECRET_FILE, OIDC_SCOPE, OIDC_RESOURCE   optional, the first two together)
//   PORT (3000), OHIF_DIST (/app/ohif)
import { readFileSync } from 'node:fs';
import { loadAuthConfig } from '@deid-share/sidecar';
import { startViewerHost } from '@deid-share/viewer-host';

function setting(name, fallback) {
  const value = process.env[name] || fallback;
  if (!value) throw new Error(`the environment variable ${name} is required`);
  return value;
}

function fileContent(variable) {
  const path = process.env[variable];
  if (!path) return undefined;
  const text = readFileSync(path, 'utf8').trim();
  if (!text) throw new Error(`${variable}: ${path} is empty`);
  return text;
}

const password = fileContent('ORTHANC_PASSWORD_FILE');
const clientSecret = fileContent('OIDC_CLIENT_SECRET_FILE');
const oidc = process.env.OIDC_ISSUER
  ? {
      issuer: process.env.OIDC_ISSUER,
      clientId: setting('OIDC_CLIENT_ID'),
      ...(clientSecret ? { clientSecret } : {}),
      ...(process.env.OIDC_SCOPE ? { scope: process.env.OIDC_SCOPE } : {}),
      ...(process.env.OIDC_RESOURCE ? { resource: process.env.OIDC_RESOURCE } : {}),
    }
  : undefined;
const host = await startViewerHost({
  host: '0.0.0.0',
  port: Number(setting('PORT', '3000')),
  ohifDist: setting('OHIF_DIST', '/app/ohif'),
  orthancUrl: setting('ORTHANC_URL'),
  orthancAuth: password === undefined ? undefined : { username: setting('ORTHANC_USERNAME'), password },
  sidecarUrl: setting('SIDECAR_URL'),
  auth: loadAuthConfig(setting('SIDECAR_CONFIG_FILE')),
  ...(oidc ? { oidc } : {}),
});
console.log(`deid-share viewer host listening on ${host.url}`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => host.stop().then(() => process.exit(0)));
}
