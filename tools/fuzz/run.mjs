// `npm run fuzz`: bundles the fuzzer (test/fuzz/main.ts, TypeScript) with esbuild and runs it with the given arguments.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bundleDir = mkdtempSync(join(tmpdir(), 'deid-fuzz-bundle-'));
const bundle = join(bundleDir, 'fuzz.mjs');
await build({
  entryPoints: [join(root, 'test/fuzz/main.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // The test helpers find the CLI, the corpus and peak-rss.mjs relative to their own place in test/support.
  define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(root, 'test/support/fuzz-main.ts')).href) },
});
const run = spawnSync(process.execPath, [bundle, ...process.argv.slice(2)], { stdio: 'inherit' });
rmSync(bundleDir, { recursive: true, force: true });
process.exitCode = run.status ?? 1;
