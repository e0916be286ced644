// The OHIF viewer for the demo: the published @ohif/app (downloaded once into .cache/) and our plugin bundles.
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startViewerHost } from '@deid-share/viewer-host';
import { stop as stopEsbuild } from 'esbuild';
import { buildPlugins } from '../ohif/build-plugins.mjs';
import { installOhif, ohifDistPath, OHIF_VERSION } from '../ohif/install.mjs';

/** Installs the viewer if needed and builds the plugins into `pluginDir`; `log` gets progress lines. */
export async function prepareViewer(pluginDir, log) {
  if (!existsSync(join(ohifDistPath(), 'index.html'))) log(`downloading the OHIF viewer ${OHIF_VERSION} (npm pack @ohif/app, once)…`);
  const ohifDist = installOhif();
  await buildPlugins(pluginDir);
  await stopEsbuild(); // its service process would otherwise live as long as the demo
  return { ohifDist, pluginDir };
}

/**
 * Serves the viewer, Orthanc's DICOMweb and the sidecar API on one loopback origin (docs/viewer.md), accepting the
 * sidecar's own credentials (`auth`, the sidecar config's block); its log goes to `logPath`.
 */
export async function startViewer(prepared, { orthancUrl, orthancAuth, sidecarUrl, auth, logPath }) {
  mkdirSync(dirname(logPath), { recursive: true, mode: 0o700 });
  const log = createWriteStream(logPath, { flags: 'a', mode: 0o600 });
  const host = await startViewerHost({ ...prepared, orthancUrl, orthancAuth, sidecarUrl, auth, log: (line) => log.write(`${line}\n`) });
  return {
    url: host.url,
    signInLink: (token, options) => host.signInLink(token, options),
    stop: async () => {
      await host.stop();
      await new Promise((resolve) => log.end(resolve));
    },
  };
}
