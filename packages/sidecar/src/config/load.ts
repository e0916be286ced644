import { MAX_INSTANCE_BYTES } from '@deid-share/engine';
import { defaultStatePath } from '@deid-share/state';

import { authConfig } from './auth-config.js';
import { configContext } from './config-context.js';
import { ConfigError } from './config-error.js';
import { orthancEndpoint } from './orthanc-endpoint.js';
import { namedProfiles, peerConfigs } from './peer-configs.js';
import { readConfigFile, validatedConfig } from './read-config-file.js';
import { routingRules } from './routing-rules.js';
import { stateLocation } from './state-location.js';
import type { SidecarConfig } from './types.js';

export { ConfigError } from './config-error.js';

export const DEFAULT_PORT = 8750;

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads and validates the config file once, at startup: schema, cross references, profiles, options
 * and credentials. Relative paths are relative to the config file. Everything after this trusts the result.
 */
export function loadConfig(file: string, options: LoadConfigOptions = {}): SidecarConfig {
  return parseConfig(readConfigFile(file), file, options.env ?? process.env);
}

/**
 * Only the `auth` block of a sidecar config file (tokens by hash, OIDC), validated as the sidecar does: for another
 * front door that must accept the same credentials (the viewer host) without the sidecar's other secrets.
 */
export function loadAuthConfig(file: string): SidecarConfig['auth'] {
  const raw = validatedConfig(readConfigFile(file), file);
  return authConfig(raw.auth, (field, problem) => {
    throw new ConfigError(file, field, problem);
  });
}

/** The checked configuration from the file's data, with every default filled in. */
export function parseConfig(data: unknown, file: string, env: NodeJS.ProcessEnv = process.env): SidecarConfig {
  const raw = validatedConfig(data, file);
  const context = configContext(file, env);
  const profiles = namedProfiles(raw, context);
  const peers = peerConfigs(raw, profiles, context);
  const routing = routingRules(raw.routing, peers, context);
  const auth = authConfig(raw.auth, context.fail);
  const limits = {
    concurrentJobs: 2,
    concurrentInstances: 4,
    maxQueuedJobs: 1000,
    maxInFlightBytes: 256 * 1024 * 1024,
    maxInstanceBytes: MAX_INSTANCE_BYTES,
    attempts: 5,
    retryDelayMs: 500,
    maxRetryDelayMs: 15_000,
    ...raw.limits,
  };
  return {
    file,
    listen: { host: raw.listen?.host ?? '127.0.0.1', port: raw.listen?.port ?? DEFAULT_PORT },
    ...stateLocation(raw.state, { ...context, defaultPath: () => defaultStatePath(env) }),
    workers: { leaseMs: (raw.workers?.leaseSeconds ?? 15) * 1000, pollMs: (raw.workers?.pollSeconds ?? 1) * 1000 },
    source: orthancEndpoint(raw.source, 'source', context),
    peers,
    profiles,
    routing,
    auth,
    limits,
    metricsRequireAuth: raw.metrics?.requireAuth ?? true,
    logLevel: raw.logLevel ?? 'info',
  };
}
