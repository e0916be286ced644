/**
 * Which patient's study went to which peer, for erasure (GDPR Art. 17): keyed by a keyed hash of the
 * patient (never the MRN), with the de-identified copy's StudyInstanceUID on the peer. Studies shared
 * under a scheme that keeps no linkage (random-unlinked) are never recorded here.
 * Also keeps the evidence of every erasure carried out.
 */
export interface ShareRecordInput {
  /** Keyed hash of issuer + patient ID (the caller computes it with the project secret). */
  readonly subjectKey: string;
  readonly peer: string;
  readonly peerStudyUID: string;
  readonly peerStudyId?: string;
  readonly jobId: string;
  readonly profileId: string;
  readonly scheme: string;
}

export interface ShareRecord extends ShareRecordInput {
  readonly sharedAt: string;
  readonly erasedAt?: string;
  readonly erasureId?: string;
}

/** Spelled out only here: the SQL CHECK and the API's enum are generated from it (see share-jobs.ts). */
export const ERASURE_STATUSES = ['complete', 'incomplete', 'impossible'] as const;
export type ErasureStatus = (typeof ERASURE_STATUSES)[number];

export interface ErasureRecord {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly status: ErasureStatus;
  /** What was deleted where and when; identifiers of copies and peers only. */
  readonly evidence: unknown;
}

export interface ShareLedger {
  /** Records (or refreshes) that a subject's study copy is on a peer. */
  record(share: ShareRecordInput): Promise<void>;
  /** Every recorded copy of these subjects, erased or not. */
  forSubjects(subjectKeys: readonly string[]): Promise<ShareRecord[]>;
  markErased(copies: ReadonlyArray<{ subjectKey: string; peer: string; peerStudyUID: string }>, erasureId: string): Promise<void>;
  recordErasure(erasure: ErasureRecord): Promise<void>;
  getErasure(id: string): Promise<ErasureRecord | undefined>;
}
