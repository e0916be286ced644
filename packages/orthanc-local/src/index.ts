export { startOrthanc, orthancAvailable, peerEntryFor } from './start-orthanc.js';
export type { StartOrthancOptions, LocalOrthanc } from './start-orthanc.js';
export type { OrthancPeerEntry } from './orthanc-config.js';
export { findFreeLoopbackPort } from './free-port.js';
