import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

import { Ajv, type ErrorObject } from 'ajv';
import { builtinProfileIds, isOptionId, loadProfile, type OptionId } from '@deid-share/engine';
import { defaultStatePath } from '@deid-share/state';

import { CONFIG_SCHEMA } from './schema.js';
import type { Credentials, OidcConfig, OrthancEndpoint, PeerConfig, Role, RoutingRule, SidecarConfig, TokenConfig } from './types.js';

/** A problem in the config file: the message names the file and the field. */
export class ConfigError extends Error {
  constructor(file: string, field: string, problem: string) {
    super(`config ${file}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'ConfigError';
  }
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(CONFIG_SCHEMA);

export const DEFAULT_PORT = 8750;
const DEFAULT_TIMEOUT_MS = 60_000;

/** `/peers/0/url` → `peers[0].url` */
function fieldOf(path: string): string {
  return path
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((field, part) => (/^\d+$/.test(part) ? `${field}[${part}]` : field ? `${field}.${part}` : part), '');
}

function describe(error: ErrorObject): { field: string; problem: string } {
  const field = fieldOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const inline = /password|secret|token/i.test(name) && !/File$|Env$/.test(name);
      return {
        field: field ? `${field}.${name}` : name,
        problem: inline
          ? 'secrets are never written in the config file: use passwordFile or passwordEnv (credentials), a secret file, or a sha256 (tokens)'
          : 'unknown field',
      };
    }
    case 'required':
      return { field: field ? `${field}.${String(params.missingProperty)}` : String(params.missingProperty), problem: 'is required' };
    default:
      return { field, problem: error.message ?? error.keyword };
  }
}


interface RawCredentials {
  username: string;
  passwordFile?: string;
  passwordEnv?: string;
}
interface RawOrthanc {
  url: string;
  credentials?: RawCredentials;
  caFile?: string;
  timeoutMs?: number;
}
interface RawPeer extends RawOrthanc {
  name: string;
  description?: string;
  profile: string;
  options?: string[];
  siteId?: string;
  projectSecretFile?: string;
  uidNamespace?: string;
  studyUrlTemplate?: string;
}
interface RawConfig {
  listen?: { host?: string; port?: number };
  state?: string;
  projectSecretFile?: string;
  siteId?: string;
  source: RawOrthanc;
  peers: RawPeer[];
  profiles?: Record<string, string>;
  routing?: RoutingRule[];
  auth?: { tokens?: TokenConfig[]; oidc?: Partial<OidcConfig> & Pick<OidcConfig, 'issuer' | 'audience' | 'jwksUrl' | 'rolesClaim' | 'roleMap'> };
  limits?: Partial<SidecarConfig['limits']>;
  metrics?: { requireAuth?: boolean };
  logLevel?: SidecarConfig['logLevel'];
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads and validates the config file once, at startup: schema, cross references, profiles, options
 * and credentials. Relative paths are relative to the config file. Everything after this trusts the result.
 */
export function loadConfig(file: string, options: LoadConfigOptions = {}): SidecarConfig {
  return parseConfig(readJson(file), file, options.env ?? process.env);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, '', `cannot be read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, '', `is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Only the `auth` block of a sidecar config file (tokens by hash, OIDC), validated as the sidecar does: for another
 * front door that must accept the same credentials (the viewer host) without the sidecar's other secrets.
 */
export function loadAuthConfig(file: string): SidecarConfig['auth'] {
  const raw = validated(readJson(file), file);
  return parseAuth(raw.auth, (field, problem) => {
    throw new ConfigError(file, field, problem);
  });
}

function parseAuth(raw: RawConfig['auth'], fail: (field: string, problem: string) => never): SidecarConfig['auth'] {
  const tokens = raw?.tokens ?? [];
  tokens.forEach((token, index) => {
    if (tokens.findIndex((other) => other.sha256.toLowerCase() === token.sha256.toLowerCase()) !== index) {
      fail(`auth.tokens[${index}].sha256`, 'is the hash of a token listed before: every token needs its own');
    }
  });
  const oidc = raw?.oidc;
  if (oidc && !/^https:/.test(oidc.jwksUrl) && !isLoopbackUrl(oidc.jwksUrl)) {
    fail('auth.oidc.jwksUrl', 'must use https (plain http only on loopback, for tests)');
  }
  if (tokens.length === 0 && !oidc) fail('auth', 'has no tokens and no oidc: nobody could use the sidecar');
  return {
    tokens: tokens.map((token) => ({ name: token.name, sha256: token.sha256.toLowerCase(), roles: token.roles as Role[] })),
    ...(oidc
      ? {
          oidc: {
            issuer: oidc.issuer,
            audience: oidc.audience,
            jwksUrl: oidc.jwksUrl,
            rolesClaim: oidc.rolesClaim,
            roleMap: oidc.roleMap,
            subjectClaim: oidc.subjectClaim ?? 'sub',
            clockToleranceSeconds: oidc.clockToleranceSeconds ?? 30,
            jwksCacheSeconds: oidc.jwksCacheSeconds ?? 600,
          },
        }
      : {}),
  };
}

function validated(data: unknown, file: string): RawConfig {
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map(describe);
    const [first, ...rest] = problems;
    if (!first) throw new ConfigError(file, '', 'does not match the config schema');
    const more = rest.length ? ` (and ${rest.map((p) => `${p.field}: ${p.problem}`).join('; ')})` : '';
    throw new ConfigError(file, first.field, `${first.problem}${more}`);
  }
  return data as unknown as RawConfig;
}

export function parseConfig(data: unknown, file: string, env: NodeJS.ProcessEnv = process.env): SidecarConfig {
  const raw = validated(data, file);
  const base = dirname(resolve(file));
  const path = (value: string) => (isAbsolute(value) ? value : resolve(base, value));
  const fail = (field: string, problem: string): never => {
    throw new ConfigError(file, field, problem);
  };

  const credentials = (value: RawCredentials | undefined, field: string): Credentials | undefined => {
    if (!value) return undefined;
    if ((value.passwordFile === undefined) === (value.passwordEnv === undefined)) {
      fail(field, 'give exactly one of passwordFile or passwordEnv (the password itself never goes in the config file)');
    }
    if (value.passwordFile !== undefined) {
      try {
        const password = readFileSync(path(value.passwordFile), 'utf8').replace(/\r?\n$/, '');
        if (!password) fail(`${field}.passwordFile`, `${value.passwordFile} is empty`);
        return { username: value.username, password };
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        return fail(`${field}.passwordFile`, `cannot read ${value.passwordFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
    const password = env[value.passwordEnv ?? ''];
    if (!password) fail(`${field}.passwordEnv`, `environment variable ${value.passwordEnv} is not set`);
    return { username: value.username, password: password as string };
  };
  const endpoint = (value: RawOrthanc, field: string): OrthancEndpoint => {
    const creds = credentials(value.credentials, `${field}.credentials`);
    return {
      url: value.url.replace(/\/+$/, ''),
      ...(creds ? { credentials: creds } : {}),
      ...(value.caFile ? { caFile: path(value.caFile) } : {}),
      timeoutMs: value.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    };
  };

  // No prototype: a profile named "__proto__" or "constructor" is a name like any other.
  const profiles: Record<string, string> = Object.create(null);
  for (const [name, file] of Object.entries(raw.profiles ?? {})) {
    if (builtinProfileIds().includes(name)) fail(`profiles.${name}`, 'has the name of a built-in profile; choose another name');
    profiles[name] = path(file);
  }
  const resolveProfile = (reference: string, field: string) => {
    const target = Object.hasOwn(profiles, reference) ? (profiles[reference] as string) : builtinProfileIds().includes(reference) ? reference : path(reference);
    try {
      return loadProfile(target);
    } catch (error) {
      return fail(field, (error as Error).message);
    }
  };
  const optionList = (values: readonly string[] | undefined, field: string): OptionId[] =>
    (values ?? []).map((option, index) => (isOptionId(option) ? option : fail(`${field}[${index}]`, `"${option}" is not a PS3.15 option`)));

  const peers: PeerConfig[] = [];
  raw.peers.forEach((peer, index) => {
    const field = `peers[${index}]`;
    if (peers.some((other) => other.name === peer.name)) fail(`${field}.name`, `"${peer.name}" is used by another peer`);
    const secretFile = peer.projectSecretFile ?? raw.projectSecretFile;
    if (!secretFile) fail(`${field}.projectSecretFile`, 'is required when there is no top-level projectSecretFile');
    const siteId = peer.siteId ?? raw.siteId;
    peers.push({
      name: peer.name,
      description: peer.description ?? '',
      orthanc: endpoint(peer, field),
      profile: { reference: peer.profile, loaded: resolveProfile(peer.profile, `${field}.profile`), options: optionList(peer.options, `${field}.options`) },
      ...(siteId ? { siteId } : {}),
      projectSecretFile: path(secretFile as string),
      uidNamespace: peer.uidNamespace ?? `peer:${peer.name}`,
      studyUrlTemplate: peer.studyUrlTemplate ?? `${peer.url.replace(/\/+$/, '')}/app/explorer.html#study?uuid={peerStudyId}`,
    });
  });

  const routing = raw.routing ?? [];
  routing.forEach((rule, index) => {
    rule.peers.forEach((name, position) => {
      if (!peers.some((peer) => peer.name === name)) fail(`routing[${index}].peers[${position}]`, `no peer is named "${name}"`);
    });
    if (rule.match.studyDescription !== undefined) {
      try {
        new RegExp(rule.match.studyDescription);
      } catch (error) {
        fail(`routing[${index}].match.studyDescription`, `is not a regular expression: ${(error as Error).message}`);
      }
    }
  });

  const auth = parseAuth(raw.auth, fail);

  const limits = {
    concurrentJobs: 2,
    concurrentInstances: 4,
    maxQueuedJobs: 1000,
    maxInFlightBytes: 256 * 1024 * 1024,
    attempts: 5,
    retryDelayMs: 500,
    maxRetryDelayMs: 15_000,
    ...raw.limits,
  };
  return {
    file,
    listen: { host: raw.listen?.host ?? '127.0.0.1', port: raw.listen?.port ?? DEFAULT_PORT },
    statePath: raw.state ? path(raw.state) : defaultStatePath(env),
    source: endpoint(raw.source, 'source'),
    peers,
    profiles,
    routing,
    auth,
    limits,
    metricsRequireAuth: raw.metrics?.requireAuth ?? true,
    logLevel: raw.logLevel ?? 'info',
  };
}

export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
}
