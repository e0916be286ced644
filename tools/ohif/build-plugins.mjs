#!/usr/bin/env node
// Builds the OHIF plugins as ES-module bundles the viewer loads with import():
//   extension.js (extensions/deid-share, React 18 bundled in) and mode.js (modes/deid-share),
//   and the admin console admin.js (extensions/deid-share/src/admin, served by the viewer host at /admin).
// Usage: node tools/ohif/build-plugins.mjs [outdir]   (default: packages/viewer-host/plugins, served under /deid-share/)
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const defaultPluginDir = join(root, 'packages', 'viewer-host', 'plugins');

/** Bundles extension.js, mode.js and admin.js into `outdir`; returns their paths. */
export async function buildPlugins(outdir = defaultPluginDir) {
  const entries = {
    extension: join(root, 'extensions', 'deid-share', 'src', 'index.ts'),
    mode: join(root, 'modes', 'deid-share', 'src', 'index.ts'),
    admin: join(root, 'extensions', 'deid-share', 'src', 'admin', 'main.tsx'),
  };
  await build({
    entryPoints: entries,
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  return { extension: join(outdir, 'extension.js'), mode: join(outdir, 'mode.js'), admin: join(outdir, 'admin.js') };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outputs = await buildPlugins(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`OHIF plugins built: ${outputs.extension}, ${outputs.mode}; admin console: ${outputs.admin}`);
}
