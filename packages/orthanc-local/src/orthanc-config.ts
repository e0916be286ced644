import { resolve } from 'node:path';

/** A remote Orthanc this Orthanc may send to (POST /peers/{name}/store). */
export interface OrthancPeerEntry {
  url: string;
  username?: string;
  password?: string;
}

/** Everything the config needs once the directory and ports are known. */
export interface OrthancConfigInput {
  name: string;
  aet: string;
  storageDir: string;
  indexDir: string;
  httpPort: number;
  /** Set only when the DICOM server is wanted; Orthanc's own default is "on", ours is "off". */
  dicomPort?: number;
  users?: Record<string, string>;
  dicomWeb?: { pluginPath: string; settings: Record<string, unknown> };
  luaScripts?: readonly string[];
  peers?: Record<string, OrthancPeerEntry>;
  stableAgeSeconds: number;
  extraConfig?: Record<string, unknown>;
}

/** Builds the config.json object for one local Orthanc (1.10 option names). */
export function buildOrthancConfig(input: OrthancConfigInput): Record<string, unknown> {
  const authenticated = input.users !== undefined && Object.keys(input.users).length > 0;
  const base: Record<string, unknown> = {
    Name: input.name,
    StorageDirectory: input.storageDir,
    IndexDirectory: input.indexDir,
    HttpPort: input.httpPort,
    // Orthanc 1.10 has no bind-address option: it listens on all interfaces and answers 401 to any
    // client that is not 127.0.0.1. With this off, only loopback clients are served.
    RemoteAccessAllowed: false,
    // Explicit, because with remote access off Orthanc disables authentication unless told otherwise.
    AuthenticationEnabled: authenticated,
    RegisteredUsers: input.users ?? {},
    DicomServerEnabled: input.dicomPort !== undefined,
    DicomAet: input.aet,
    ...(input.dicomPort === undefined ? {} : { DicomPort: input.dicomPort }),
    // WebDAV is another write path into the store that nothing here uses.
    WebDavEnabled: false,
    StableAge: input.stableAgeSeconds,
    // Re-sending an instance replaces it, which makes POST /instances safe to retry.
    OverwriteInstances: true,
    // A throw-away server must not resume jobs of a previous run that used the same directory.
    SaveJobs: false,
    LuaScripts: (input.luaScripts ?? []).map((path) => resolve(path)),
    OrthancPeers: Object.fromEntries(Object.entries(input.peers ?? {}).map(([name, peer]) => [name, peerConfig(peer)])),
    Plugins: input.dicomWeb ? [input.dicomWeb.pluginPath] : [],
    ...(input.dicomWeb ? { DicomWeb: { Enable: true, Root: '/dicom-web/', ...input.dicomWeb.settings } } : {}),
  };
  return mergeConfig(base, input.extraConfig ?? {});
}

function peerConfig(peer: OrthancPeerEntry): Record<string, string> {
  // Orthanc appends REST paths to the peer URL, so it must end with a slash.
  const url = peer.url.endsWith('/') ? peer.url : `${peer.url}/`;
  return {
    Url: url,
    ...(peer.username === undefined ? {} : { Username: peer.username }),
    ...(peer.password === undefined ? {} : { Password: peer.password }),
  };
}

/** Deep-merges plain objects (so `{ DicomWeb: { StudiesMetadata: 'Full' } }` keeps Root); other values replace. */
export function mergeConfig(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeConfig(current, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
