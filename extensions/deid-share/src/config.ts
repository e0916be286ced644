/** The extension's configuration, read once from `window.config.deidShare` (app-config.js) and validated. */

export interface DeidShareConfig {
  /** Base URL of the sidecar API; same origin by default. */
  apiBaseUrl: string;
  /** Bearer token for deployments without OIDC (demo, kiosk); the signed-in user's token wins when present. */
  token?: string;
  /** How often a running share is polled. */
  pollIntervalMs: number;
}

export const DEFAULT_CONFIG: DeidShareConfig = { apiBaseUrl: '/api/v1', pollIntervalMs: 1000 };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads `appConfig.deidShare`; a missing block means the defaults. Throws ConfigError naming the bad key. */
export function readConfig(appConfig: Record<string, unknown> | undefined): DeidShareConfig {
  const raw = appConfig?.deidShare;
  if (raw === undefined) return { ...DEFAULT_CONFIG };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('window.config.deidShare must be an object');
  }
  const block = raw as Record<string, unknown>;
  const known = new Set(['apiBaseUrl', 'token', 'pollIntervalMs']);
  const unknown = Object.keys(block).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new ConfigError(`window.config.deidShare has unknown keys: ${unknown.join(', ')}`);

  const config: DeidShareConfig = { ...DEFAULT_CONFIG };
  if (block.apiBaseUrl !== undefined) {
    if (typeof block.apiBaseUrl !== 'string' || block.apiBaseUrl === '') {
      throw new ConfigError('window.config.deidShare.apiBaseUrl must be a non-empty string');
    }
    config.apiBaseUrl = block.apiBaseUrl;
  }
  if (block.token !== undefined && block.token !== null && block.token !== '') {
    if (typeof block.token !== 'string') throw new ConfigError('window.config.deidShare.token must be a string');
    config.token = block.token;
  }
  if (block.pollIntervalMs !== undefined) {
    const ms = block.pollIntervalMs;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 100) {
      throw new ConfigError('window.config.deidShare.pollIntervalMs must be a number of milliseconds ≥ 100');
    }
    config.pollIntervalMs = ms;
  }
  return config;
}
