import type { InstanceCounts, InstanceRecord, InstanceStatus, JobOrigin, ShareJob, ShareStatus, ShareTarget } from './share-jobs.js';

/** The rows of the job tables as both SQL dialects return them (same column names; timestamps as ISO text). */
export interface JobRow {
  id: string;
  status: ShareStatus;
  source_study_id: string;
  study_instance_uid: string;
  requested_by: string;
  origin: JobOrigin;
  reason: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface TargetRow {
  peer: string;
  status: ShareStatus;
  profile_id: string;
  profile_version: string;
  profile_sha256: string;
  /** JSON array. */
  options: string;
  scheme: string;
  reason: string | null;
  peer_study_uid: string | null;
  peer_study_id: string | null;
  started_at: string | null;
  finished_at: string | null;
}

export interface InstanceRow {
  source_instance_id: string;
  sop_instance_uid: string;
  status: InstanceStatus;
  reason: string | null;
  result_sop_instance_uid: string | null;
  bytes: number | null;
}

/** SQL NULL becomes an absent property, so records compare and serialise cleanly. */
function present<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined)) as T;
}

export function toInstanceCounts(rows: readonly { status: InstanceStatus; n: number }[]): InstanceCounts {
  const counts: { -readonly [K in keyof InstanceCounts]: number } = { total: 0, pending: 0, pushed: 0, confirmed: 0, withheld: 0, refused: 0, failed: 0 };
  for (const { status, n } of rows) {
    counts[status] = n;
    counts.total += n;
  }
  return counts;
}

export function toJob(row: JobRow, targets: readonly ShareTarget[]): ShareJob {
  return present({
    id: row.id,
    status: row.status,
    sourceStudyId: row.source_study_id,
    studyInstanceUID: row.study_instance_uid,
    requestedBy: row.requested_by,
    origin: row.origin,
    reason: row.reason,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    targets,
  } as ShareJob);
}

export function toTarget(row: TargetRow, counts: InstanceCounts): ShareTarget {
  return present({
    peer: row.peer,
    status: row.status,
    profileId: row.profile_id,
    profileVersion: row.profile_version,
    profileSha256: row.profile_sha256,
    options: JSON.parse(row.options) as string[],
    scheme: row.scheme,
    reason: row.reason,
    peerStudyUID: row.peer_study_uid,
    peerStudyId: row.peer_study_id,
    counts,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  } as ShareTarget);
}

export function toInstanceRecord(row: InstanceRow): InstanceRecord {
  return present({
    sourceInstanceId: row.source_instance_id,
    sopInstanceUID: row.sop_instance_uid,
    status: row.status,
    reason: row.reason,
    resultSopInstanceUID: row.result_sop_instance_uid,
    bytes: row.bytes,
  } as InstanceRecord);
}

/** Every status with its count, zero for those absent from the rows. */
export function toJobCounts(rows: readonly { status: ShareStatus; n: number }[]): Record<ShareStatus, number> {
  const counts: Record<ShareStatus, number> = { queued: 0, running: 0, done: 0, partial: 0, failed: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}
