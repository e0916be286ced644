import { readFileSync } from 'node:fs';

/** The engine's version as published in its package.json, recorded in every output's provenance. */
export const ENGINE_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
