/**
 * Share jobs: one study sent to one or more peers, with the outcome of every instance recorded as it
 * happens so a restarted sidecar resumes where it stopped. Original UIDs live here (the hospital's
 * own operational record, never sent anywhere); the subject of a study is not stored with the job.
 */

/*
 * The enumerations below are spelled out only here: the SQL CHECK constraints of the migrations are generated from
 * them (sql-check.ts), and so are the /api/v1 contract's enums (@deid-share/api-contract) that the viewer reads.
 * This module imports nothing, so the viewer's browser bundle takes it (`@deid-share/state/share-jobs`) without
 * the stores.
 */

/** `queued` → `running` → `done` | `partial` | `failed`. */
export const SHARE_STATUSES = ['queued', 'running', 'done', 'partial', 'failed'] as const;
export type ShareStatus = (typeof SHARE_STATUSES)[number];

/**
 * `pending`: not handled yet; `pushed`: the peer acknowledged the upload; `confirmed`: the peer was
 * checked to hold it; `withheld` / `refused`: the engine would not release it; `failed`: not delivered.
 */
export const INSTANCE_STATUSES = ['pending', 'pushed', 'confirmed', 'withheld', 'refused', 'failed'] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

/** The instance statuses that mean "not shared": each comes with a reason the user is shown. */
export const UNSHARED_INSTANCE_STATUSES = ['withheld', 'refused', 'failed'] as const satisfies readonly InstanceStatus[];
export type UnsharedInstanceStatus = (typeof UNSHARED_INSTANCE_STATUSES)[number];

/** `request`: a user asked (API); `auto`: a routing rule matched a stable study (webhook). */
export const JOB_ORIGINS = ['request', 'auto'] as const;
export type JobOrigin = (typeof JOB_ORIGINS)[number];

/** What a target was shared under, fixed when the job is created so a later profile change does not alter it. */
export interface ShareTargetSpec {
  readonly peer: string;
  readonly profileId: string;
  readonly profileVersion: string;
  readonly profileSha256: string;
  readonly options: readonly string[];
  /** The pseudonym scheme of the profile (decides what erasure can find later). */
  readonly scheme: string;
}

export interface NewShareJob {
  readonly id: string;
  /** The study's Orthanc ID in the source Orthanc. */
  readonly sourceStudyId: string;
  readonly studyInstanceUID: string;
  /** The principal who asked (token name or OIDC subject); `orthanc` for automatic shares. */
  readonly requestedBy: string;
  readonly origin: JobOrigin;
  readonly targets: readonly ShareTargetSpec[];
}

export interface InstanceCounts {
  readonly total: number;
  readonly pending: number;
  readonly pushed: number;
  readonly confirmed: number;
  readonly withheld: number;
  readonly refused: number;
  readonly failed: number;
}

export interface ShareTarget extends ShareTargetSpec {
  readonly status: ShareStatus;
  readonly reason?: string;
  /** The de-identified copy's StudyInstanceUID (deterministic) once known. */
  readonly peerStudyUID?: string;
  /** The copy's Orthanc ID on the peer, once verified. */
  readonly peerStudyId?: string;
  readonly counts: InstanceCounts;
  readonly startedAt?: string;
  readonly finishedAt?: string;
}

export interface ShareJob {
  readonly id: string;
  readonly status: ShareStatus;
  readonly sourceStudyId: string;
  readonly studyInstanceUID: string;
  readonly requestedBy: string;
  readonly origin: JobOrigin;
  readonly reason?: string;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly targets: readonly ShareTarget[];
}

export interface SourceInstance {
  /** Orthanc ID in the source. */
  readonly sourceInstanceId: string;
  /** The original SOP Instance UID, as the source reports it. */
  readonly sopInstanceUID: string;
}

export interface InstanceRecord extends SourceInstance {
  readonly status: InstanceStatus;
  readonly reason?: string;
  /** The de-identified copy's SOP Instance UID, once pushed. */
  readonly resultSopInstanceUID?: string;
  readonly bytes?: number;
}

export interface InstanceOutcome {
  readonly status: Exclude<InstanceStatus, 'pending' | 'confirmed'>;
  readonly reason?: string;
  readonly resultSopInstanceUID?: string;
  readonly bytes?: number;
}

export interface ShareJobQuery {
  /** Only jobs this principal asked for. */
  readonly requestedBy?: string;
  readonly status?: ShareStatus;
  /** Only jobs with a target of this name. */
  readonly peer?: string;
  readonly origin?: JobOrigin;
  /** ISO 8601 bounds on the creation time, inclusive. */
  readonly since?: string;
  readonly until?: string;
  /** Newest first; at most this many. */
  readonly limit: number;
}

/**
 * Jobs, their targets and per-instance progress. Creating a job, finishing a target or a job and setting a
 * target's study are durable when their promise resolves. Progress (start, startTarget, addInstances,
 * recordOutcome, confirm) survives a crash of the sidecar process but may be lost to an operating-system crash or
 * power cut: the job then resumes from an earlier point and sends some instances again.
 */
export interface ShareJobStore {
  create(job: NewShareJob): Promise<void>;
  get(id: string): Promise<ShareJob | undefined>;
  list(query: ShareJobQuery): Promise<ShareJob[]>;
  /** Jobs left queued or running (by a crash or a stop), oldest first: what a starting sidecar resumes. */
  unfinished(): Promise<string[]>;
  start(id: string): Promise<void>;
  finish(id: string, status: ShareStatus, reason?: string): Promise<void>;
  startTarget(jobId: string, peer: string): Promise<void>;
  finishTarget(jobId: string, peer: string, status: ShareStatus, reason?: string): Promise<void>;
  setTargetStudy(jobId: string, peer: string, study: { peerStudyUID?: string; peerStudyId?: string }): Promise<void>;
  /** Adds the study's instances to every target of the job; instances already known are left as they are. */
  addInstances(jobId: string, instances: readonly SourceInstance[]): Promise<void>;
  /** The target's instances in the order they were added; only those in one of `statuses` if given. */
  instances(jobId: string, peer: string, statuses?: readonly InstanceStatus[]): Promise<InstanceRecord[]>;
  recordOutcome(jobId: string, peer: string, sourceInstanceId: string, outcome: InstanceOutcome): Promise<void>;
  /** `pushed` → `confirmed` for these instances (the peer was checked to hold them). */
  confirm(jobId: string, peer: string, sourceInstanceIds: readonly string[]): Promise<void>;
  /** Every `pending`, `pushed` or `confirmed` instance of the target becomes `failed` with this reason; returns how many. */
  failOpen(jobId: string, peer: string, reason: string): Promise<number>;
  countByStatus(): Promise<Record<ShareStatus, number>>;
}
