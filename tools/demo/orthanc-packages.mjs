// Makes sure Debian's Orthanc and its DICOMweb plugin are installed before the demo starts its servers.
import { execFileSync, spawnSync } from 'node:child_process';
import { orthancAvailable } from '@deid-share/orthanc-local';

const PACKAGES = ['orthanc', 'orthanc-dicomweb'];
const INSTALL = `apt-get update && apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`;

/**
 * Installs the packages with apt-get when they are missing and this process runs as root; otherwise throws
 * an error that says what to run. `log` receives progress lines.
 */
export function ensureOrthancPackages(log) {
  if (orthancAvailable({ dicomWeb: true })) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Orthanc and its DICOMweb plugin are not installed. Run as root: ${INSTALL} (or: sudo bash tools/install-system-packages.sh), then npm run demo again.`);
  }
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(`Orthanc is not installed and apt-get is missing: install Orthanc 1.10 or later with its DICOMweb plugin (/usr/sbin/Orthanc, /usr/share/orthanc/plugins/libOrthancDicomWeb.so).`);
  }
  log(`installing ${PACKAGES.join(', ')} from Debian…`);
  // apt's output goes to stderr: stdout is kept for the lines the demo prints.
  const options = { stdio: ['ignore', 2, 2], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  execFileSync('apt-get', ['update'], options);
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...PACKAGES], options);
  // The package starts a system-wide Orthanc service; the demo runs its own servers and does not need it.
  spawnSync('systemctl', ['stop', 'orthanc'], { stdio: 'ignore' });
  if (!orthancAvailable({ dicomWeb: true })) throw new Error(`apt-get installed ${PACKAGES.join(' ')}, but /usr/sbin/Orthanc or the DICOMweb plugin is still missing`);
}
