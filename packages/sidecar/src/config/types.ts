import type { LoadedProfile, OptionId } from '@deid-share/engine';
import type { PostgresLocation } from '@deid-share/state';

export const ROLES = ['radiologist', 'admin', 'orthanc'] as const;
export type Role = (typeof ROLES)[number];

/** HTTP basic credentials, resolved from a file or an environment variable when the config is loaded. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface OrthancEndpoint {
  readonly url: string;
  readonly credentials?: Credentials;
  /** PEM file of the CA that signed the server's certificate (HTTPS with a private CA). */
  readonly caFile?: string;
  readonly timeoutMs: number;
}

/** A peer's profile as configured (before any admin change). */
export interface PeerProfileSetting {
  /** What the config or the admin named: a built-in id, a key of `profiles`, or a file. */
  readonly reference: string;
  readonly loaded: LoadedProfile;
  readonly options: readonly OptionId[];
}

export interface PeerConfig {
  readonly name: string;
  readonly description: string;
  readonly orthanc: OrthancEndpoint;
  readonly profile: PeerProfileSetting;
  readonly siteId?: string;
  /** The file holding this peer's project secret (the top-level one unless set). */
  readonly projectSecretFile: string;
  /** Scopes the keyed UIDs of copies sent to this peer; default `peer:<name>`. */
  readonly uidNamespace: string;
  /** Link to the copy on the peer; `{peerStudyId}` and `{peerStudyUID}` are replaced. */
  readonly studyUrlTemplate: string;
  /** Shares sent to this peer at once across all workers (PostgreSQL state); unlimited when absent. */
  readonly concurrentShares?: number;
}

export interface RoutingMatch {
  /** Any series of the study has one of these modalities. */
  readonly modality?: readonly string[];
  /** Any instance was received from one of these AE titles (Orthanc's RemoteAET metadata). */
  readonly callingAET?: readonly string[];
  /** Any instance was received by one of these AE titles (Orthanc's CalledAET metadata). */
  readonly calledAET?: readonly string[];
  /** The study's InstitutionName is one of these. */
  readonly institution?: readonly string[];
  /** The study carries one of these Orthanc labels (Orthanc 1.12 and later). */
  readonly label?: readonly string[];
  /** A regular expression the StudyDescription must match. */
  readonly studyDescription?: string;
}

export interface RoutingRule {
  readonly name: string;
  readonly match: RoutingMatch;
  readonly peers: readonly string[];
}

export interface TokenConfig {
  readonly name: string;
  /** Hex sha-256 of the token; the token itself is never stored. */
  readonly sha256: string;
  readonly roles: readonly Role[];
}

export interface OidcConfig {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;
  /** Dot path of the claim holding the user's groups or roles, e.g. `realm_access.roles`. */
  readonly rolesClaim: string;
  /** Claim value → sidecar role. Values not listed give no role. */
  readonly roleMap: Readonly<Record<string, Role>>;
  /** Claim naming the user in jobs and the audit log. */
  readonly subjectClaim: string;
  readonly clockToleranceSeconds: number;
  /** How long fetched keys are trusted before they are fetched again. */
  readonly jwksCacheSeconds: number;
}

export interface Limits {
  /** Jobs worked on at once. */
  readonly concurrentJobs: number;
  /** Instances in flight (fetch → de-identify → push) across all jobs. */
  readonly concurrentInstances: number;
  /** Jobs waiting beyond those running; more are refused with 503. */
  readonly maxQueuedJobs: number;
  /** Bytes of instance data (originals and copies) held in memory at once. */
  readonly maxInFlightBytes: number;
  /** One instance's bytes (the per-instance memory budget, docs/security.md): a larger one is withheld unread. */
  readonly maxInstanceBytes: number;
  /** Attempts per push (and per source fetch) before the peer is given up on. */
  readonly attempts: number;
  /** First retry delay; doubles each attempt up to maxRetryDelayMs. */
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
}

/** How workers sharing a PostgreSQL state hand work between them. */
export interface WorkerSettings {
  /** A share whose lease is not renewed for this long is taken over by another worker. */
  readonly leaseMs: number;
  /** How often an idle worker looks for work (new work in the same process starts at once). */
  readonly pollMs: number;
}

export interface SidecarConfig {
  /** The config file, for messages. */
  readonly file: string;
  readonly listen: { readonly host: string; readonly port: number };
  /** The SQLite state file (unused when `postgres` is set). */
  readonly statePath: string;
  /** The PostgreSQL state shared by several workers, when the config names one. */
  readonly postgres?: PostgresLocation;
  readonly workers: WorkerSettings;
  readonly source: OrthancEndpoint;
  readonly peers: readonly PeerConfig[];
  /** Profiles an admin may assign by name: name → file. */
  readonly profiles: Readonly<Record<string, string>>;
  readonly routing: readonly RoutingRule[];
  readonly auth: { readonly tokens: readonly TokenConfig[]; readonly oidc?: OidcConfig };
  readonly limits: Limits;
  /** `/metrics` needs an admin bearer token unless false (then bind the sidecar to a trusted network only). */
  readonly metricsRequireAuth: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}
