import type { Database, Statement } from 'better-sqlite3';

import type { ErasureRecord, ErasureStatus, ShareLedger, ShareRecord, ShareRecordInput } from '../share-ledger.js';
import { toShareRecord, type CopyRow } from '../share-ledger-rows.js';
import { NOW } from './now.js';

export class SqliteShareLedger implements ShareLedger {
  readonly #upsert: Statement<[string, string, string, string | null, string, string, string]>;
  readonly #markErased: Statement<[string, string, string, string]>;
  readonly #insertErasure: Statement<[string, string, string, ErasureStatus, string]>;
  readonly #selectErasure: Statement<[string], { id: string; at: string; actor: string; status: ErasureStatus; evidence: string }>;
  readonly #markAtomically: (copies: ReadonlyArray<{ subjectKey: string; peer: string; peerStudyUID: string }>, erasureId: string) => void;

  constructor(private readonly db: Database) {
    // A study shared again after an erasure is a new copy: the erasure marks are cleared.
    this.#upsert = db.prepare(
      `INSERT INTO shared_copy (subject_key, peer, peer_study_uid, peer_study_id, job_id, profile_id, scheme)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (subject_key, peer, peer_study_uid) DO UPDATE SET
         peer_study_id = coalesce(excluded.peer_study_id, peer_study_id), job_id = excluded.job_id,
         profile_id = excluded.profile_id, scheme = excluded.scheme, shared_at = ${NOW}, erased_at = NULL, erasure_id = NULL`,
    );
    this.#markErased = db.prepare(
      `UPDATE shared_copy SET erased_at = ${NOW}, erasure_id = ? WHERE subject_key = ? AND peer = ? AND peer_study_uid = ?`,
    );
    this.#insertErasure = db.prepare('INSERT INTO erasure (id, at, actor, status, evidence) VALUES (?, ?, ?, ?, ?)');
    this.#selectErasure = db.prepare('SELECT * FROM erasure WHERE id = ?');
    this.#markAtomically = db.transaction((copies, erasureId: string) => {
      for (const copy of copies) this.#markErased.run(erasureId, copy.subjectKey, copy.peer, copy.peerStudyUID);
    });
  }

  async record(share: ShareRecordInput): Promise<void> {
    this.#upsert.run(share.subjectKey, share.peer, share.peerStudyUID, share.peerStudyId ?? null, share.jobId, share.profileId, share.scheme);
  }

  async forSubjects(subjectKeys: readonly string[]): Promise<ShareRecord[]> {
    if (subjectKeys.length === 0) return [];
    const sql = `SELECT * FROM shared_copy WHERE subject_key IN (${subjectKeys.map(() => '?').join(', ')}) ORDER BY shared_at, peer`;
    return this.db
      .prepare<string[], CopyRow>(sql)
      .all(...subjectKeys)
      .map(toShareRecord);
  }

  async markErased(copies: ReadonlyArray<{ subjectKey: string; peer: string; peerStudyUID: string }>, erasureId: string): Promise<void> {
    this.#markAtomically(copies, erasureId);
  }

  async recordErasure(erasure: ErasureRecord): Promise<void> {
    this.#insertErasure.run(erasure.id, erasure.at, erasure.actor, erasure.status, JSON.stringify(erasure.evidence));
  }

  async getErasure(id: string): Promise<ErasureRecord | undefined> {
    const row = this.#selectErasure.get(id);
    return row ? { id: row.id, at: row.at, actor: row.actor, status: row.status, evidence: JSON.parse(row.evidence) as unknown } : undefined;
  }
}
