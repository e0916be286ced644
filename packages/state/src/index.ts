export type { StateStore } from './state-store.js';
export { openStateStore } from './sqlite/open-state-store.js';
export { assertStateOutsideOutput, defaultStatePath } from './state-path.js';
export type { ProjectSecretFile } from './secret-file.js';
export { readSecretFile } from './secret-file.js';
