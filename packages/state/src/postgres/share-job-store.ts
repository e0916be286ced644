import type pg from 'pg';

import { GroupCommit } from '../group-commit.js';
import { toInstanceCounts, toInstanceRecord, toJob, toJobCounts, toTarget, type InstanceRow, type JobRow, type TargetRow } from '../job-rows.js';
import type {
  InstanceOutcome,
  InstanceRecord,
  InstanceStatus,
  NewShareJob,
  ShareJob,
  ShareJobQuery,
  ShareJobStore,
  ShareStatus,
  SourceInstance,
} from '../share-jobs.js';
import { inTransaction } from './connection.js';

interface OutcomeRow {
  readonly jobId: string;
  readonly peer: string;
  readonly sourceInstanceId: string;
  readonly outcome: InstanceOutcome;
}

const INSTANCE_COLUMNS = 'source_instance_id, sop_instance_uid, status, reason, result_sop_instance_uid, bytes';

/**
 * Progress writes commit without waiting for the WAL flush (synchronous_commit off), as the SQLite store skips
 * the fsync: progress lost to a database crash only makes the job resume earlier and send some instances again.
 */
async function relaxed<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (client) => {
    await client.query('SET LOCAL synchronous_commit = off');
    return work(client);
  });
}

export class PostgresShareJobStore implements ShareJobStore {
  readonly #outcomes: GroupCommit<OutcomeRow>;

  constructor(private readonly pool: pg.Pool) {
    this.#outcomes = new GroupCommit(async (rows) => {
      await relaxed(pool, (client) =>
        client.query(
          `UPDATE share_instance AS s SET status = v.status, reason = v.reason, result_sop_instance_uid = v.result,
             bytes = v.bytes, updated_at = clock_timestamp()
           FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[])
             AS v(status, reason, result, bytes, job_id, peer, source_instance_id)
           WHERE s.job_id = v.job_id AND s.peer = v.peer AND s.source_instance_id = v.source_instance_id`,
          [
            rows.map((row) => row.outcome.status),
            rows.map((row) => row.outcome.reason ?? null),
            rows.map((row) => row.outcome.resultSopInstanceUID ?? null),
            rows.map((row) => row.outcome.bytes ?? null),
            rows.map((row) => row.jobId),
            rows.map((row) => row.peer),
            rows.map((row) => row.sourceInstanceId),
          ],
        ),
      );
    });
  }

  async create(job: NewShareJob): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(`INSERT INTO share_job (id, status, source_study_id, study_instance_uid, requested_by, origin) VALUES ($1, 'queued', $2, $3, $4, $5)`, [
        job.id,
        job.sourceStudyId,
        job.studyInstanceUID,
        job.requestedBy,
        job.origin,
      ]);
      for (const [position, target] of job.targets.entries()) {
        await client.query(
          `INSERT INTO share_target (job_id, peer, position, status, profile_id, profile_version, profile_sha256, options, scheme)
           VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8)`,
          [job.id, target.peer, position, target.profileId, target.profileVersion, target.profileSha256, JSON.stringify(target.options), target.scheme],
        );
      }
    });
  }

  async get(id: string): Promise<ShareJob | undefined> {
    const row = (await this.pool.query<JobRow>('SELECT * FROM share_job WHERE id = $1', [id])).rows[0];
    return row ? this.#toJob(row) : undefined;
  }

  async list(query: ShareJobQuery): Promise<ShareJob[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.requestedBy !== undefined) {
      params.push(query.requestedBy);
      where.push(`requested_by = $${params.length}`);
    }
    if (query.status !== undefined) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    }
    if (query.peer !== undefined) {
      params.push(query.peer);
      where.push(`EXISTS (SELECT 1 FROM share_target t WHERE t.job_id = share_job.id AND t.peer = $${params.length})`);
    }
    if (query.origin !== undefined) {
      params.push(query.origin);
      where.push(`origin = $${params.length}`);
    }
    if (query.since !== undefined) {
      params.push(query.since);
      where.push(`created_at >= $${params.length}`);
    }
    if (query.until !== undefined) {
      params.push(query.until);
      where.push(`created_at <= $${params.length}`);
    }
    params.push(query.limit);
    const sql = `SELECT * FROM share_job ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, seq DESC LIMIT $${params.length}`;
    const rows = (await this.pool.query<JobRow>(sql, params)).rows;
    return Promise.all(rows.map((row) => this.#toJob(row)));
  }

  async unfinished(): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(`SELECT id FROM share_job WHERE status IN ('queued', 'running') ORDER BY created_at, seq`);
    return rows.map((row) => row.id);
  }

  async start(id: string): Promise<void> {
    await relaxed(this.pool, (client) => client.query(`UPDATE share_job SET status = 'running', started_at = coalesce(started_at, clock_timestamp()) WHERE id = $1`, [id]));
  }

  async finish(id: string, status: ShareStatus, reason?: string): Promise<void> {
    await this.pool.query('UPDATE share_job SET status = $1, reason = $2, finished_at = clock_timestamp() WHERE id = $3', [status, reason ?? null, id]);
  }

  async startTarget(jobId: string, peer: string): Promise<void> {
    await relaxed(this.pool, (client) =>
      client.query(`UPDATE share_target SET status = 'running', started_at = coalesce(started_at, clock_timestamp()) WHERE job_id = $1 AND peer = $2`, [jobId, peer]),
    );
  }

  async finishTarget(jobId: string, peer: string, status: ShareStatus, reason?: string): Promise<void> {
    await this.#outcomes.flush();
    await this.pool.query('UPDATE share_target SET status = $1, reason = $2, finished_at = clock_timestamp() WHERE job_id = $3 AND peer = $4', [status, reason ?? null, jobId, peer]);
  }

  async setTargetStudy(jobId: string, peer: string, study: { peerStudyUID?: string; peerStudyId?: string }): Promise<void> {
    await this.pool.query('UPDATE share_target SET peer_study_uid = coalesce($1, peer_study_uid), peer_study_id = coalesce($2, peer_study_id) WHERE job_id = $3 AND peer = $4', [
      study.peerStudyUID ?? null,
      study.peerStudyId ?? null,
      jobId,
      peer,
    ]);
  }

  async addInstances(jobId: string, instances: readonly SourceInstance[]): Promise<void> {
    await relaxed(this.pool, (client) =>
      client.query(
        `INSERT INTO share_instance (job_id, peer, source_instance_id, sop_instance_uid, status)
         SELECT t.job_id, t.peer, i.id, i.uid, 'pending'
         FROM share_target AS t, unnest($2::text[], $3::text[]) WITH ORDINALITY AS i(id, uid, n)
         WHERE t.job_id = $1 ORDER BY t.position, i.n
         ON CONFLICT DO NOTHING`,
        [jobId, instances.map((instance) => instance.sourceInstanceId), instances.map((instance) => instance.sopInstanceUID)],
      ),
    );
  }

  async instances(jobId: string, peer: string, statuses?: readonly InstanceStatus[]): Promise<InstanceRecord[]> {
    await this.#outcomes.flush();
    const { rows } = statuses
      ? await this.pool.query<InstanceRow>(`SELECT ${INSTANCE_COLUMNS} FROM share_instance WHERE job_id = $1 AND peer = $2 AND status = ANY($3) ORDER BY seq`, [jobId, peer, statuses])
      : await this.pool.query<InstanceRow>(`SELECT ${INSTANCE_COLUMNS} FROM share_instance WHERE job_id = $1 AND peer = $2 ORDER BY seq`, [jobId, peer]);
    return rows.map(toInstanceRecord);
  }

  /** Written in a group commit with the other outcomes recorded meanwhile (one UPDATE for all). */
  recordOutcome(jobId: string, peer: string, sourceInstanceId: string, outcome: InstanceOutcome): Promise<void> {
    return this.#outcomes.add({ jobId, peer, sourceInstanceId, outcome });
  }

  async confirm(jobId: string, peer: string, sourceInstanceIds: readonly string[]): Promise<void> {
    await this.#outcomes.flush();
    await relaxed(this.pool, (client) =>
      client.query(
        `UPDATE share_instance SET status = 'confirmed', updated_at = clock_timestamp()
         WHERE job_id = $1 AND peer = $2 AND source_instance_id = ANY($3) AND status = 'pushed'`,
        [jobId, peer, sourceInstanceIds],
      ),
    );
  }

  async failOpen(jobId: string, peer: string, reason: string): Promise<number> {
    await this.#outcomes.flush();
    const result = await this.pool.query(
      `UPDATE share_instance SET status = 'failed', reason = $1, updated_at = clock_timestamp()
       WHERE job_id = $2 AND peer = $3 AND status IN ('pending', 'pushed', 'confirmed')`,
      [reason, jobId, peer],
    );
    return result.rowCount ?? 0;
  }

  async countByStatus(): Promise<Record<ShareStatus, number>> {
    const { rows } = await this.pool.query<{ status: ShareStatus; n: number }>('SELECT status, count(*) AS n FROM share_job GROUP BY status');
    return toJobCounts(rows);
  }

  async #toJob(row: JobRow): Promise<ShareJob> {
    const targets = (await this.pool.query<TargetRow>('SELECT * FROM share_target WHERE job_id = $1 ORDER BY position', [row.id])).rows;
    const counts = (
      await this.pool.query<{ peer: string; status: InstanceStatus; n: number }>('SELECT peer, status, count(*) AS n FROM share_instance WHERE job_id = $1 GROUP BY peer, status', [row.id])
    ).rows;
    return toJob(
      row,
      targets.map((target) => toTarget(target, toInstanceCounts(counts.filter((count) => count.peer === target.peer)))),
    );
  }
}
