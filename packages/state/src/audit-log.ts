/**
 * The audit log: who did what, when, to which peer, under which profile (id + sha-256). Append only.
 * Details carry identifiers of jobs, Orthanc objects and de-identified copies, never names or MRNs.
 */
export interface AuditEvent {
  /** The principal (token name or OIDC subject). */
  readonly actor: string;
  /** The role the action was allowed under. */
  readonly role: string;
  /** e.g. `share.requested`, `share.finished`, `peer.profile.changed`, `erasure`, `preview`. */
  readonly action: string;
  readonly peer?: string;
  readonly jobId?: string;
  readonly profileId?: string;
  readonly profileSha256?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditRecord extends AuditEvent {
  /** Increases with every event; pages through the log. */
  readonly seq: number;
  /** ISO 8601, UTC. */
  readonly at: string;
}

export interface AuditQuery {
  readonly action?: string;
  readonly actor?: string;
  readonly peer?: string;
  readonly jobId?: string;
  /** ISO 8601 bounds, inclusive. */
  readonly since?: string;
  readonly until?: string;
  /** Only events after this sequence number (paging). */
  readonly afterSeq?: number;
  /** Oldest first; at most this many. */
  readonly limit: number;
}

export interface AuditLog {
  append(event: AuditEvent): Promise<AuditRecord>;
  query(query: AuditQuery): Promise<AuditRecord[]>;
}
