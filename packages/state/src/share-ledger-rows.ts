import type { ShareRecord } from './share-ledger.js';

/** A shared_copy row as both SQL dialects return it (timestamps as ISO text). */
export interface CopyRow {
  subject_key: string;
  peer: string;
  peer_study_uid: string;
  peer_study_id: string | null;
  job_id: string;
  profile_id: string;
  scheme: string;
  shared_at: string;
  erased_at: string | null;
  erasure_id: string | null;
}

export function toShareRecord(row: CopyRow): ShareRecord {
  const record: { -readonly [K in keyof ShareRecord]: ShareRecord[K] } = {
    subjectKey: row.subject_key,
    peer: row.peer,
    peerStudyUID: row.peer_study_uid,
    jobId: row.job_id,
    profileId: row.profile_id,
    scheme: row.scheme,
    sharedAt: row.shared_at,
  };
  if (row.peer_study_id !== null) record.peerStudyId = row.peer_study_id;
  if (row.erased_at !== null) record.erasedAt = row.erased_at;
  if (row.erasure_id !== null) record.erasureId = row.erasure_id;
  return record;
}
