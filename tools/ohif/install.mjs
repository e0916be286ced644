#!/usr/bin/env node
// Fetches the published, prebuilt OHIF viewer (@ohif/app) into a gitignored cache and extracts its dist/.
// Usage: node tools/ohif/install.mjs   → prints the path of the dist folder (skips the download when present).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OHIF_VERSION = '3.13.2';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the viewer's dist lives once installed. */
export function ohifDistPath(version = OHIF_VERSION) {
  return join(root, '.cache', `ohif-app-${version}`, 'dist');
}

/** Downloads and extracts @ohif/app@version unless already there; returns the dist path. */
export function installOhif(version = OHIF_VERSION) {
  const dist = ohifDistPath(version);
  if (existsSync(join(dist, 'index.html'))) return dist;
  const target = dirname(dist);
  mkdirSync(target, { recursive: true });
  const work = mkdtempSync(join(target, '.download-'));
  try {
    const tarball = npmPack(version, work);
    execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/dist']);
    if (!existsSync(join(work, 'package', 'dist', 'index.html'))) {
      throw new Error(`@ohif/app@${version} has no dist/index.html`);
    }
    moveIntoPlace(join(work, 'package', 'dist'), dist);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dist;
}

/** Fetches @ohif/app@version's tarball into `folder` with npm; returns its path, or says clearly why it could not. */
function npmPack(version, folder) {
  try {
    execFileSync('npm', ['pack', `@ohif/app@${version}`, '--silent', '--pack-destination', folder], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    throw new Error(
      `Could not fetch the OHIF viewer with \`npm pack @ohif/app@${version}\` (${error.message.split('\n')[0]}). ` +
        'The viewer tests and the demo need it once (about 200 MB, kept in .cache/): check that npm can reach its registry ' +
        '(network, proxy, `npm config get registry`), then run `node tools/ohif/install.mjs`.',
    );
  }
  const tarball = readdirSync(folder).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack @ohif/app@${version} produced no tarball`);
  return join(folder, tarball);
}

/** Moves the extracted dist to `dist`, unless another process (a parallel test suite) got there first. */
function moveIntoPlace(extracted, dist) {
  if (existsSync(join(dist, 'index.html'))) return;
  rmSync(dist, { recursive: true, force: true }); // left over from an interrupted install
  try {
    renameSync(extracted, dist);
  } catch (error) {
    if (!existsSync(join(dist, 'index.html'))) throw error;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = installOhif();
  console.log(`OHIF viewer ${OHIF_VERSION} dist: ${dist}`);
}
