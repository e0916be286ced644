import type { PasswordSource, RawState } from './state-location.js';
import type { OidcConfig, RoutingRule, SidecarConfig, TokenConfig } from './types.js';

/** The config file as written, once the schema (schema.ts) has accepted it: before defaults and cross checks. */
export interface RawConfig {
  listen?: { host?: string; port?: number };
  state?: RawState;
  workers?: { leaseSeconds?: number; pollSeconds?: number };
  projectSecretFile?: string;
  siteId?: string;
  source: RawOrthanc;
  peers: RawPeer[];
  profiles?: Record<string, string>;
  routing?: RoutingRule[];
  auth?: RawAuth;
  limits?: Partial<SidecarConfig['limits']>;
  metrics?: { requireAuth?: boolean };
  logLevel?: SidecarConfig['logLevel'];
}

export interface RawCredentials extends PasswordSource {
  username: string;
}

export interface RawOrthanc {
  url: string;
  credentials?: RawCredentials;
  caFile?: string;
  timeoutMs?: number;
}

export interface RawPeer extends RawOrthanc {
  name: string;
  description?: string;
  profile: string;
  options?: string[];
  siteId?: string;
  projectSecretFile?: string;
  uidNamespace?: string;
  studyUrlTemplate?: string;
  concurrentShares?: number;
}

export interface RawAuth {
  tokens?: TokenConfig[];
  oidc?: Partial<OidcConfig> & Pick<OidcConfig, 'issuer' | 'audience' | 'jwksUrl' | 'rolesClaim' | 'roleMap'>;
}
