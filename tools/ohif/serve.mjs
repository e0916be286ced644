#!/usr/bin/env node
// Serves the OHIF viewer with the deid-share plugins on one loopback origin (see docs/viewer.md).
// Usage: node tools/ohif/serve.mjs --orthanc http://127.0.0.1:8042 --sidecar http://127.0.0.1:8080 --sidecar-config FILE
//          [--port 3000] [--sign-in-token-file FILE] [--orthanc-user USER --orthanc-password PASSWORD]
//          [--oidc-issuer URL --oidc-client-id ID [--oidc-client-secret-file FILE] [--oidc-scope S] [--oidc-resource URI]]
// The host accepts the credentials of the sidecar's config (its `auth` block: tokens, OIDC). With
// --sign-in-token-file it prints a one-time sign-in link for that token. Needs `npm run build` (the viewer host)
// first; installs the viewer and builds the plugins itself. The log goes to stderr.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadAuthConfig } from '@deid-share/sidecar';
import { startViewerHost } from '@deid-share/viewer-host';
import { buildPlugins } from './build-plugins.mjs';
import { installOhif } from './install.mjs';

const USAGE =
  'usage: node tools/ohif/serve.mjs --orthanc URL --sidecar URL --sidecar-config FILE [--port N] [--sign-in-token-file FILE] [--orthanc-user U --orthanc-password P] ' +
  '[--oidc-issuer URL --oidc-client-id ID [--oidc-client-secret-file FILE] [--oidc-scope S] [--oidc-resource URI]]';
const { values } = parseArgs({
  options: {
    orthanc: { type: 'string' },
    sidecar: { type: 'string' },
    'sidecar-config': { type: 'string' },
    port: { type: 'string', default: '3000' },
    'sign-in-token-file': { type: 'string' },
    'orthanc-user': { type: 'string' },
    'orthanc-password': { type: 'string' },
    'oidc-issuer': { type: 'string' },
    'oidc-client-id': { type: 'string' },
    'oidc-client-secret-file': { type: 'string' },
    'oidc-scope': { type: 'string' },
    'oidc-resource': { type: 'string' },
  },
});
if (!values.orthanc || !values.sidecar || !values['sidecar-config']) {
  console.error(USAGE);
  process.exit(2);
}
if (Boolean(values['orthanc-user']) !== Boolean(values['orthanc-password'])) {
  console.error('--orthanc-user and --orthanc-password go together');
  process.exit(2);
}

if (Boolean(values['oidc-issuer']) !== Boolean(values['oidc-client-id'])) {
  console.error('--oidc-issuer and --oidc-client-id go together');
  process.exit(2);
}
const oidc = values['oidc-issuer']
  ? {
      issuer: values['oidc-issuer'],
      clientId: values['oidc-client-id'],
      ...(values['oidc-client-secret-file'] ? { clientSecret: readFileSync(values['oidc-client-secret-file'], 'utf8').trim() } : {}),
      ...(values['oidc-scope'] ? { scope: values['oidc-scope'] } : {}),
      ...(values['oidc-resource'] ? { resource: values['oidc-resource'] } : {}),
    }
  : undefined;

await buildPlugins();
const host = await startViewerHost({
  port: Number(values.port),
  ohifDist: installOhif(),
  orthancUrl: values.orthanc,
  orthancAuth: values['orthanc-user'] ? { username: values['orthanc-user'], password: values['orthanc-password'] } : undefined,
  sidecarUrl: values.sidecar,
  auth: loadAuthConfig(values['sidecar-config']),
  ...(oidc ? { oidc } : {}),
});
console.log(`Viewer with De-identify & Share: ${host.url}/`);
console.log(`Admin console: ${host.url}/admin`);
if (values['sign-in-token-file']) {
  console.log(`Sign in (once): ${await host.signInLink(readFileSync(values['sign-in-token-file'], 'utf8').trim())}`);
}
const stop = () => host.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
