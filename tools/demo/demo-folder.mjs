// The demo folder: keys, tokens and the sidecar's state, kept apart from the Orthanc servers' storage (what is
// sent). Keys and tokens are made once and kept, so pseudonyms and tokens stay the same from one run to the next.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const ROLES = ['radiologist', 'admin', 'orthanc'];

/** Paths of everything the demo keeps under `dir`. */
export function demoLayout(dir) {
  return {
    dir,
    projectKey: join(dir, 'keys', 'project.key'),
    orthancPassword: join(dir, 'secrets', 'orthanc.password'),
    token: (role) => join(dir, 'tokens', `${role}.token`),
    sidecarConfig: join(dir, 'sidecar', 'config.json'),
    sidecarState: join(dir, 'sidecar', 'state.sqlite'),
    sidecarLog: join(dir, 'sidecar', 'sidecar.log'),
    viewerLog: join(dir, 'viewer', 'viewer-host.log'),
    luaSettings: join(dir, 'orthanc', 'deid-share-settings.lua'),
    orthanc: (name) => join(dir, 'orthanc', name),
  };
}

/** The content of a secret file, written first (mode 0600, folder 0700) from `make()` if it does not exist. */
export function secretFile(path, make) {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, `${make()}\n`, { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(path, 'utf8').trim();
}

/** Creates the missing keys and tokens; returns the tokens (role → token) and the Orthanc password. */
export function ensureSecrets(layout) {
  secretFile(layout.projectKey, () => randomBytes(32).toString('hex'));
  const orthancPassword = secretFile(layout.orthancPassword, () => randomBytes(18).toString('base64url'));
  const tokens = Object.fromEntries(ROLES.map((role) => [role, secretFile(layout.token(role), () => randomBytes(32).toString('base64url'))]));
  return { tokens, orthancPassword };
}
