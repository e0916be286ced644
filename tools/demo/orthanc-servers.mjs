// The demo's three Orthanc servers on loopback: the hospital's source (DICOMweb for the viewer, the Lua auto-share
// trigger) and two research peers. Their storage is under the demo folder and starts empty on every run.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOrthanc } from '@deid-share/orthanc-local';

const AUTO_SHARE_LUA = fileURLToPath(new URL('../../orthanc-scripts/auto-share.lua', import.meta.url));
export const ORTHANC_USER = 'demo';

/** The peers, with different profiles: what each receives differs (compare the two copies of the shared study). */
export const PEERS = [
  { name: 'central', description: 'Central research repository (TCIA-like curation, template pseudonyms)', profile: 'tcia' },
  { name: 'federated-node', description: 'Federated learning node (EuCanImage: keyed-hash pseudonyms, shifted dates)', profile: 'eucanimage' },
];

/** Stable MR studies go to the federated node by themselves, through the Lua trigger and this rule. */
export const ROUTING = [{ name: 'mr-to-federated-node', match: { modality: ['MR'] }, peers: ['federated-node'] }];

/** Settings read by orthanc-scripts/auto-share.lua: the sidecar's URL and the file holding the hook token. */
function writeLuaSettings(path, { sidecarUrl, tokenFile }) {
  mkdirSync(dirname(path), { recursive: true });
  const lua = `-- Written by tools/demo for orthanc-scripts/auto-share.lua.\nDEID_SHARE_SIDECAR_URL = ${JSON.stringify(sidecarUrl)}\nDEID_SHARE_HOOK_TOKEN_FILE = ${JSON.stringify(tokenFile)}\n`;
  writeFileSync(path, lua);
}

/**
 * Starts the source and the peers in parallel. `shutdown` stops every one that started (together: Orthanc takes
 * about two seconds to stop), also when another failed to start. Returns { source, peers: name → LocalOrthanc }.
 */
export async function startOrthancServers(layout, { password, sidecarUrl, tokenFile }, shutdown) {
  writeLuaSettings(layout.luaSettings, { sidecarUrl, tokenFile });
  const users = { [ORTHANC_USER]: password };
  const running = [];
  shutdown.add('the Orthanc servers', () => Promise.all(running.map((server) => server.stop())));
  const start = async (name, options = {}) => {
    const dir = layout.orthanc(name);
    rmSync(dir, { recursive: true, force: true });
    const server = await startOrthanc({ name, dir, users, ...options });
    running.push(server);
    return server;
  };
  const started = await Promise.allSettled([
    start('source', { dicomWeb: true, luaScripts: [layout.luaSettings, AUTO_SHARE_LUA], stableAgeSeconds: 2 }),
    ...PEERS.map((peer) => start(peer.name)),
  ]);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  const [source, ...peers] = started.map((result) => result.value);
  return { source, peers: Object.fromEntries(PEERS.map((peer, index) => [peer.name, peers[index]])) };
}
