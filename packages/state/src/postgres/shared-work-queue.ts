import type pg from 'pg';

import type { OfferClaim, QueueDepth, SharedWorkQueue, TargetClaim } from '../shared-work-queue.js';
import { inTransaction } from './connection.js';

/** Claims are serialised by this transaction-level advisory lock, so per-peer limits hold exactly across workers. */
const CLAIM_LOCK = 0x6465_6963;
const LIVE_LEASE = `lease_owner IS NOT NULL AND lease_expires_at >= clock_timestamp()`;
const interval = (ms: number) => `make_interval(secs => ${Math.max(1, Math.round(ms)) / 1000})`;

interface ClaimRow {
  job_id: string;
  peer: string;
  claims: number;
}
const toClaim = (row: ClaimRow): TargetClaim => ({ jobId: row.job_id, peer: row.peer, claims: row.claims });

export class PostgresSharedWorkQueue implements SharedWorkQueue {
  constructor(private readonly pool: pg.Pool) {}

  async claimTarget(worker: string, leaseMs: number, peerLimits: Readonly<Record<string, number>>): Promise<TargetClaim | undefined> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [CLAIM_LOCK]);
      const { rows } = await client.query<ClaimRow>(
        `UPDATE share_target AS t SET lease_owner = $1, lease_expires_at = clock_timestamp() + ${interval(leaseMs)}, claims = t.claims + 1
         WHERE (t.job_id, t.peer) = (
           SELECT c.job_id, c.peer FROM share_target AS c JOIN share_job AS j ON j.id = c.job_id
           WHERE c.status IN ('queued', 'running') AND NOT (c.${LIVE_LEASE})
             AND (SELECT count(*) FROM share_target AS a WHERE a.peer = c.peer AND a.status IN ('queued', 'running') AND a.${LIVE_LEASE})
                 < coalesce(($2::jsonb ->> c.peer)::int, 2147483647)
           ORDER BY j.created_at, j.seq, c.position
           LIMIT 1 FOR UPDATE OF c SKIP LOCKED)
         RETURNING t.job_id, t.peer, t.claims`,
        [worker, JSON.stringify(peerLimits)],
      );
      return rows[0] ? toClaim(rows[0]) : undefined;
    });
  }

  async renewLeases(worker: string, leaseMs: number, targets: readonly { jobId: string; peer: string }[]): Promise<TargetClaim[]> {
    if (targets.length === 0) return [];
    const { rows } = await this.pool.query<ClaimRow>(
      `UPDATE share_target SET lease_expires_at = clock_timestamp() + ${interval(leaseMs)}
       FROM unnest($2::text[], $3::text[]) AS held(job_id, peer)
       WHERE share_target.job_id = held.job_id AND share_target.peer = held.peer
         AND lease_owner = $1 AND status IN ('queued', 'running')
       RETURNING share_target.job_id, share_target.peer, share_target.claims`,
      [worker, targets.map((target) => target.jobId), targets.map((target) => target.peer)],
    );
    return rows.map(toClaim);
  }

  async releaseLeases(worker: string, target?: { jobId: string; peer: string }): Promise<void> {
    if (target) {
      await this.pool.query('UPDATE share_target SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = $1 AND job_id = $2 AND peer = $3', [worker, target.jobId, target.peer]);
    } else {
      await this.pool.query('UPDATE share_target SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = $1', [worker]);
    }
  }

  async offerStudy(orthancStudyId: string, offeredBy: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO stable_study_offer (orthanc_study_id, offered_by) VALUES ($1, $2)
       ON CONFLICT (orthanc_study_id) DO UPDATE SET offers = stable_study_offer.offers + 1, last_offered_at = clock_timestamp()`,
      [orthancStudyId, offeredBy],
    );
  }

  async claimOffer(worker: string, leaseMs: number): Promise<OfferClaim | undefined> {
    const { rows } = await this.pool.query<{ orthanc_study_id: string; offered_by: string; attempts: number }>(
      `UPDATE stable_study_offer SET lease_owner = $1, lease_expires_at = clock_timestamp() + ${interval(leaseMs)}, attempts = attempts + 1
       WHERE orthanc_study_id = (
         SELECT orthanc_study_id FROM stable_study_offer WHERE routed_at IS NULL AND NOT (${LIVE_LEASE})
         ORDER BY first_offered_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING orthanc_study_id, offered_by, attempts`,
      [worker],
    );
    const row = rows[0];
    return row ? { orthancStudyId: row.orthanc_study_id, offeredBy: row.offered_by, attempts: row.attempts } : undefined;
  }

  async finishOffer(orthancStudyId: string, outcome: string): Promise<void> {
    await this.pool.query('UPDATE stable_study_offer SET routed_at = clock_timestamp(), outcome = $2, lease_owner = NULL, lease_expires_at = NULL WHERE orthanc_study_id = $1', [
      orthancStudyId,
      outcome,
    ]);
  }

  async releaseOffer(orthancStudyId: string): Promise<void> {
    await this.pool.query('UPDATE stable_study_offer SET lease_owner = NULL WHERE orthanc_study_id = $1', [orthancStudyId]);
  }

  async depth(): Promise<QueueDepth> {
    const { rows } = await this.pool.query<{ open: number; leased: number; offers: number }>(
      `SELECT (SELECT count(*) FROM share_target WHERE status IN ('queued', 'running')) AS open,
              (SELECT count(*) FROM share_target WHERE status IN ('queued', 'running') AND ${LIVE_LEASE}) AS leased,
              (SELECT count(*) FROM stable_study_offer WHERE routed_at IS NULL) AS offers`,
    );
    const row = rows[0] ?? { open: 0, leased: 0, offers: 0 };
    return { openTargets: row.open, leasedTargets: row.leased, unroutedOffers: row.offers };
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }
}
