#!/usr/bin/env node
// Serves the OHIF viewer with the deid-share plugins on one loopback origin (see docs/viewer.md).
// Usage: node tools/ohif/serve.mjs --orthanc http://127.0.0.1:8042 --sidecar http://127.0.0.1:8080
//          [--port 3000] [--token TOKEN] [--orthanc-user USER --orthanc-password PASSWORD]
// Needs `npm run build` (the viewer host) first; installs the viewer and builds the plugins itself.
import { parseArgs } from 'node:util';
import { startViewerHost } from '@deid-share/viewer-host';
import { buildPlugins } from './build-plugins.mjs';
import { installOhif } from './install.mjs';

const { values } = parseArgs({
  options: {
    orthanc: { type: 'string' },
    sidecar: { type: 'string' },
    port: { type: 'string', default: '3000' },
    token: { type: 'string' },
    'orthanc-user': { type: 'string' },
    'orthanc-password': { type: 'string' },
  },
});
if (!values.orthanc || !values.sidecar) {
  console.error('usage: node tools/ohif/serve.mjs --orthanc URL --sidecar URL [--port N] [--token T] [--orthanc-user U --orthanc-password P]');
  process.exit(2);
}
if (Boolean(values['orthanc-user']) !== Boolean(values['orthanc-password'])) {
  console.error('--orthanc-user and --orthanc-password go together');
  process.exit(2);
}

await buildPlugins();
const host = await startViewerHost({
  port: Number(values.port),
  ohifDist: installOhif(),
  orthancUrl: values.orthanc,
  orthancAuth: values['orthanc-user'] ? { username: values['orthanc-user'], password: values['orthanc-password'] } : undefined,
  sidecarUrl: values.sidecar,
  token: values.token,
});
console.log(`Viewer with De-identify & Share: ${host.url}/`);
const stop = () => host.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
