import type { Database, Statement } from 'better-sqlite3';

import { GroupCommit } from '../group-commit.js';
import { toInstanceCounts, toInstanceRecord, toJob, toJobCounts, toTarget, type InstanceRow, type JobRow, type TargetRow } from '../job-rows.js';
import type {
  InstanceOutcome,
  InstanceRecord,
  InstanceStatus,
  JobOrigin,
  NewShareJob,
  ShareJob,
  ShareJobQuery,
  ShareJobStore,
  ShareStatus,
  SourceInstance,
} from '../share-jobs.js';
import { NOW } from './now.js';

type OutcomeRow = [string, string | null, string | null, number | null, string, string, string];

export class SqliteShareJobStore implements ShareJobStore {
  readonly #insertJob: Statement<[string, string, string, string, JobOrigin]>;
  readonly #insertTarget: Statement<[string, string, number, string, string, string, string, string]>;
  readonly #selectJob: Statement<[string], JobRow>;
  readonly #selectTargets: Statement<[string], TargetRow>;
  readonly #countInstances: Statement<[string, string], { status: InstanceStatus; n: number }>;
  readonly #selectUnfinished: Statement<[], { id: string }>;
  readonly #startJob: Statement<[string]>;
  readonly #finishJob: Statement<[string, string | null, string]>;
  readonly #startTarget: Statement<[string, string]>;
  readonly #finishTarget: Statement<[string, string | null, string, string]>;
  readonly #setStudyUid: Statement<[string, string, string]>;
  readonly #setStudyId: Statement<[string, string, string]>;
  readonly #insertInstance: Statement<[string, string, string, string]>;
  readonly #selectInstances: Statement<[string, string], InstanceRow>;
  readonly #selectInstancesWithStatus: Statement<[string, string, string], InstanceRow>;
  readonly #recordOutcome: Statement<[string, string | null, string | null, number | null, string, string, string]>;
  readonly #confirm: Statement<[string, string, string]>;
  /**
   * Runs a progress write without the fsync the other tables need. Progress lost to a power cut only means the job
   * resumes from an earlier point and sends some instances again (same UIDs, so the peer replaces them); WAL
   * commits are kept in order, so what survives is always a prefix, and the next synced commit hardens it all.
   */
  readonly #relaxed: (write: () => void) => void;
  readonly #outcomes: GroupCommit<OutcomeRow>;
  readonly #failOpen: Statement<[string, string, string]>;
  readonly #countJobs: Statement<[], { status: ShareStatus; n: number }>;
  readonly #createAtomically: (job: NewShareJob) => void;
  readonly #addInstancesAtomically: (jobId: string, instances: readonly SourceInstance[]) => void;
  readonly #confirmAtomically: (jobId: string, peer: string, ids: readonly string[]) => void;

  constructor(private readonly db: Database) {
    this.#insertJob = db.prepare(
      `INSERT INTO share_job (id, status, source_study_id, study_instance_uid, requested_by, origin) VALUES (?, 'queued', ?, ?, ?, ?)`,
    );
    this.#insertTarget = db.prepare(
      `INSERT INTO share_target (job_id, peer, position, status, profile_id, profile_version, profile_sha256, options, scheme)
       VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
    );
    this.#selectJob = db.prepare('SELECT * FROM share_job WHERE id = ?');
    this.#selectTargets = db.prepare('SELECT * FROM share_target WHERE job_id = ? ORDER BY position');
    this.#countInstances = db.prepare(
      'SELECT status, count(*) AS n FROM share_instance WHERE job_id = ? AND peer = ? GROUP BY status',
    );
    this.#selectUnfinished = db.prepare(
      `SELECT id FROM share_job WHERE status IN ('queued', 'running') ORDER BY created_at, rowid`,
    );
    this.#startJob = db.prepare(
      `UPDATE share_job SET status = 'running', started_at = coalesce(started_at, ${NOW}) WHERE id = ?`,
    );
    this.#finishJob = db.prepare(`UPDATE share_job SET status = ?, reason = ?, finished_at = ${NOW} WHERE id = ?`);
    this.#startTarget = db.prepare(
      `UPDATE share_target SET status = 'running', started_at = coalesce(started_at, ${NOW}) WHERE job_id = ? AND peer = ?`,
    );
    this.#finishTarget = db.prepare(
      `UPDATE share_target SET status = ?, reason = ?, finished_at = ${NOW} WHERE job_id = ? AND peer = ?`,
    );
    this.#setStudyUid = db.prepare('UPDATE share_target SET peer_study_uid = ? WHERE job_id = ? AND peer = ?');
    this.#setStudyId = db.prepare('UPDATE share_target SET peer_study_id = ? WHERE job_id = ? AND peer = ?');
    this.#insertInstance = db.prepare(
      `INSERT INTO share_instance (job_id, peer, source_instance_id, sop_instance_uid, status)
       VALUES (?, ?, ?, ?, 'pending') ON CONFLICT DO NOTHING`,
    );
    this.#selectInstances = db.prepare(
      `SELECT source_instance_id, sop_instance_uid, status, reason, result_sop_instance_uid, bytes
       FROM share_instance WHERE job_id = ? AND peer = ? ORDER BY rowid`,
    );
    this.#selectInstancesWithStatus = db.prepare(
      `SELECT source_instance_id, sop_instance_uid, status, reason, result_sop_instance_uid, bytes
       FROM share_instance WHERE job_id = ? AND peer = ? AND status IN (SELECT value FROM json_each(?)) ORDER BY rowid`,
    );
    this.#recordOutcome = db.prepare(
      `UPDATE share_instance SET status = ?, reason = ?, result_sop_instance_uid = ?, bytes = ?, updated_at = ${NOW}
       WHERE job_id = ? AND peer = ? AND source_instance_id = ?`,
    );
    this.#confirm = db.prepare(
      `UPDATE share_instance SET status = 'confirmed', updated_at = ${NOW}
       WHERE job_id = ? AND peer = ? AND source_instance_id = ? AND status = 'pushed'`,
    );
    this.#failOpen = db.prepare(
      `UPDATE share_instance SET status = 'failed', reason = ?, updated_at = ${NOW}
       WHERE job_id = ? AND peer = ? AND status IN ('pending', 'pushed', 'confirmed')`,
    );
    this.#countJobs = db.prepare('SELECT status, count(*) AS n FROM share_job GROUP BY status');

    const relaxSync = db.prepare('PRAGMA synchronous = NORMAL');
    const restoreSync = db.prepare(`PRAGMA synchronous = ${db.pragma('synchronous', { simple: true }) as number}`);
    this.#relaxed = (write) => {
      relaxSync.run();
      try {
        write();
      } finally {
        restoreSync.run();
      }
    };
    const writeOutcomes = db.transaction((rows: readonly OutcomeRow[]) => {
      for (const row of rows) this.#recordOutcome.run(...row);
    });
    this.#outcomes = new GroupCommit((rows) => this.#relaxed(() => writeOutcomes(rows)));
    this.#createAtomically = db.transaction((job: NewShareJob) => {
      this.#insertJob.run(job.id, job.sourceStudyId, job.studyInstanceUID, job.requestedBy, job.origin);
      job.targets.forEach((target, position) => {
        this.#insertTarget.run(
          job.id,
          target.peer,
          position,
          target.profileId,
          target.profileVersion,
          target.profileSha256,
          JSON.stringify(target.options),
          target.scheme,
        );
      });
    });
    this.#addInstancesAtomically = db.transaction((jobId: string, instances: readonly SourceInstance[]) => {
      for (const target of this.#selectTargets.all(jobId)) {
        for (const instance of instances) this.#insertInstance.run(jobId, target.peer, instance.sourceInstanceId, instance.sopInstanceUID);
      }
    });
    this.#confirmAtomically = db.transaction((jobId: string, peer: string, ids: readonly string[]) => {
      for (const id of ids) this.#confirm.run(jobId, peer, id);
    });
  }

  async create(job: NewShareJob): Promise<void> {
    this.#createAtomically(job);
  }

  async get(id: string): Promise<ShareJob | undefined> {
    const row = this.#selectJob.get(id);
    return row ? this.#toJob(row) : undefined;
  }

  async list(query: ShareJobQuery): Promise<ShareJob[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.requestedBy !== undefined) {
      where.push('requested_by = ?');
      params.push(query.requestedBy);
    }
    if (query.status !== undefined) {
      where.push('status = ?');
      params.push(query.status);
    }
    if (query.peer !== undefined) {
      where.push('EXISTS (SELECT 1 FROM share_target t WHERE t.job_id = share_job.id AND t.peer = ?)');
      params.push(query.peer);
    }
    if (query.origin !== undefined) {
      where.push('origin = ?');
      params.push(query.origin);
    }
    if (query.since !== undefined) {
      where.push('created_at >= ?');
      params.push(query.since);
    }
    if (query.until !== undefined) {
      where.push('created_at <= ?');
      params.push(query.until);
    }
    const sql = `SELECT * FROM share_job ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
    const rows = this.db.prepare<unknown[], JobRow>(sql).all(...params, query.limit);
    return rows.map((row) => this.#toJob(row));
  }

  async unfinished(): Promise<string[]> {
    return this.#selectUnfinished.all().map((row) => row.id);
  }

  async start(id: string): Promise<void> {
    this.#relaxed(() => this.#startJob.run(id));
  }

  async finish(id: string, status: ShareStatus, reason?: string): Promise<void> {
    this.#finishJob.run(status, reason ?? null, id);
  }

  async startTarget(jobId: string, peer: string): Promise<void> {
    this.#relaxed(() => this.#startTarget.run(jobId, peer));
  }

  async finishTarget(jobId: string, peer: string, status: ShareStatus, reason?: string): Promise<void> {
    await this.#outcomes.flush();
    this.#finishTarget.run(status, reason ?? null, jobId, peer);
  }

  async setTargetStudy(jobId: string, peer: string, study: { peerStudyUID?: string; peerStudyId?: string }): Promise<void> {
    if (study.peerStudyUID !== undefined) this.#setStudyUid.run(study.peerStudyUID, jobId, peer);
    if (study.peerStudyId !== undefined) this.#setStudyId.run(study.peerStudyId, jobId, peer);
  }

  async addInstances(jobId: string, instances: readonly SourceInstance[]): Promise<void> {
    this.#relaxed(() => this.#addInstancesAtomically(jobId, instances));
  }

  async instances(jobId: string, peer: string, statuses?: readonly InstanceStatus[]): Promise<InstanceRecord[]> {
    await this.#outcomes.flush();
    const rows = statuses ? this.#selectInstancesWithStatus.all(jobId, peer, JSON.stringify(statuses)) : this.#selectInstances.all(jobId, peer);
    return rows.map(toInstanceRecord);
  }

  /** Written in a group commit with the other outcomes recorded meanwhile. */
  recordOutcome(jobId: string, peer: string, sourceInstanceId: string, outcome: InstanceOutcome): Promise<void> {
    return this.#outcomes.add([outcome.status, outcome.reason ?? null, outcome.resultSopInstanceUID ?? null, outcome.bytes ?? null, jobId, peer, sourceInstanceId]);
  }

  async confirm(jobId: string, peer: string, sourceInstanceIds: readonly string[]): Promise<void> {
    await this.#outcomes.flush();
    this.#relaxed(() => this.#confirmAtomically(jobId, peer, sourceInstanceIds));
  }

  async failOpen(jobId: string, peer: string, reason: string): Promise<number> {
    await this.#outcomes.flush();
    return this.#failOpen.run(reason, jobId, peer).changes;
  }

  async countByStatus(): Promise<Record<ShareStatus, number>> {
    return toJobCounts(this.#countJobs.all());
  }

  #toJob(row: JobRow): ShareJob {
    return toJob(
      row,
      this.#selectTargets.all(row.id).map((target) => toTarget(target, toInstanceCounts(this.#countInstances.all(row.id, target.peer)))),
    );
  }
}
