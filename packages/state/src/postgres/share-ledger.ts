import type pg from 'pg';

import type { ErasureRecord, ErasureStatus, ShareLedger, ShareRecord, ShareRecordInput } from '../share-ledger.js';
import { toShareRecord, type CopyRow } from '../share-ledger-rows.js';
import { inTransaction } from './connection.js';

export class PostgresShareLedger implements ShareLedger {
  constructor(private readonly pool: pg.Pool) {}

  /** A study shared again after an erasure is a new copy: the erasure marks are cleared. */
  async record(share: ShareRecordInput): Promise<void> {
    await this.pool.query(
      `INSERT INTO shared_copy (subject_key, peer, peer_study_uid, peer_study_id, job_id, profile_id, scheme)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (subject_key, peer, peer_study_uid) DO UPDATE SET
         peer_study_id = coalesce(excluded.peer_study_id, shared_copy.peer_study_id), job_id = excluded.job_id,
         profile_id = excluded.profile_id, scheme = excluded.scheme, shared_at = clock_timestamp(), erased_at = NULL, erasure_id = NULL`,
      [share.subjectKey, share.peer, share.peerStudyUID, share.peerStudyId ?? null, share.jobId, share.profileId, share.scheme],
    );
  }

  async forSubjects(subjectKeys: readonly string[]): Promise<ShareRecord[]> {
    if (subjectKeys.length === 0) return [];
    const { rows } = await this.pool.query<CopyRow>('SELECT * FROM shared_copy WHERE subject_key = ANY($1) ORDER BY shared_at, peer', [subjectKeys]);
    return rows.map(toShareRecord);
  }

  async markErased(copies: ReadonlyArray<{ subjectKey: string; peer: string; peerStudyUID: string }>, erasureId: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      for (const copy of copies) {
        await client.query('UPDATE shared_copy SET erased_at = clock_timestamp(), erasure_id = $1 WHERE subject_key = $2 AND peer = $3 AND peer_study_uid = $4', [
          erasureId,
          copy.subjectKey,
          copy.peer,
          copy.peerStudyUID,
        ]);
      }
    });
  }

  async recordErasure(erasure: ErasureRecord): Promise<void> {
    await this.pool.query('INSERT INTO erasure (id, at, actor, status, evidence) VALUES ($1, $2, $3, $4, $5)', [erasure.id, erasure.at, erasure.actor, erasure.status, JSON.stringify(erasure.evidence)]);
  }

  async getErasure(id: string): Promise<ErasureRecord | undefined> {
    const row = (await this.pool.query<{ id: string; at: string; actor: string; status: ErasureStatus; evidence: unknown }>('SELECT * FROM erasure WHERE id = $1', [id])).rows[0];
    return row ? { id: row.id, at: row.at, actor: row.actor, status: row.status, evidence: row.evidence } : undefined;
  }
}
