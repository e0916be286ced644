import type { Database, Statement } from 'better-sqlite3';

import type {
  InstanceCounts,
  InstanceOutcome,
  InstanceRecord,
  InstanceStatus,
  JobOrigin,
  NewShareJob,
  ShareJob,
  ShareJobQuery,
  ShareJobStore,
  ShareStatus,
  ShareTarget,
  SourceInstance,
} from '../share-jobs.js';
import { INSTANCE_STATUSES, JOB_ORIGINS, SHARE_STATUSES } from '../statuses.js';
import { sqlOneOf } from './sql-one-of.js';

type OutcomeRow = [string, string | null, string | null, number | null, string, string, string];

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** One row per job, one per (job, peer) target, one per (job, peer, source instance). */
export function createJobTables(db: Database): void {
  db.exec(`
    CREATE TABLE share_job (
      id                 TEXT PRIMARY KEY,
      status             TEXT NOT NULL CHECK (status ${sqlOneOf(SHARE_STATUSES)}),
      source_study_id    TEXT NOT NULL,
      study_instance_uid TEXT NOT NULL,
      requested_by       TEXT NOT NULL,
      origin             TEXT NOT NULL CHECK (origin ${sqlOneOf(JOB_ORIGINS)}),
      reason             TEXT,
      created_at         TEXT NOT NULL DEFAULT (${NOW}),
      started_at         TEXT,
      finished_at        TEXT
    ) STRICT;
    CREATE INDEX share_job_by_status ON share_job (status, created_at);
    CREATE INDEX share_job_by_requester ON share_job (requested_by, created_at);
    CREATE TABLE share_target (
      job_id          TEXT NOT NULL REFERENCES share_job (id) ON DELETE CASCADE,
      peer            TEXT NOT NULL,
      position        INTEGER NOT NULL,
      status          TEXT NOT NULL CHECK (status ${sqlOneOf(SHARE_STATUSES)}),
      profile_id      TEXT NOT NULL,
      profile_version TEXT NOT NULL,
      profile_sha256  TEXT NOT NULL,
      options         TEXT NOT NULL,
      scheme          TEXT NOT NULL,
      reason          TEXT,
      peer_study_uid  TEXT,
      peer_study_id   TEXT,
      started_at      TEXT,
      finished_at     TEXT,
      PRIMARY KEY (job_id, peer)
    ) STRICT;
    CREATE TABLE share_instance (
      job_id                  TEXT NOT NULL,
      peer                    TEXT NOT NULL,
      source_instance_id      TEXT NOT NULL,
      sop_instance_uid        TEXT NOT NULL,
      status                  TEXT NOT NULL CHECK (status ${sqlOneOf(INSTANCE_STATUSES)}),
      reason                  TEXT,
      result_sop_instance_uid TEXT,
      bytes                   INTEGER,
      updated_at              TEXT NOT NULL DEFAULT (${NOW}),
      PRIMARY KEY (job_id, peer, source_instance_id),
      FOREIGN KEY (job_id, peer) REFERENCES share_target (job_id, peer) ON DELETE CASCADE
    ) STRICT;
  `);
}

interface JobRow {
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

interface TargetRow {
  peer: string;
  status: ShareStatus;
  profile_id: string;
  profile_version: string;
  profile_sha256: string;
  options: string;
  scheme: string;
  reason: string | null;
  peer_study_uid: string | null;
  peer_study_id: string | null;
  started_at: string | null;
  finished_at: string | null;
}

interface InstanceRow {
  source_instance_id: string;
  sop_instance_uid: string;
  status: InstanceStatus;
  reason: string | null;
  result_sop_instance_uid: string | null;
  bytes: number | null;
}

const EMPTY_COUNTS: InstanceCounts = { total: 0, pending: 0, pushed: 0, confirmed: 0, withheld: 0, refused: 0, failed: 0 };

/** SQL NULL becomes an absent property, so records compare and serialise cleanly. */
function present<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined)) as T;
}

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
  readonly #writeOutcomes: (rows: readonly OutcomeRow[]) => void;
  /**
   * Runs a progress write without the fsync the other tables need. Progress lost to a power cut only means the job
   * resumes from an earlier point and sends some instances again (same UIDs, so the peer replaces them); WAL
   * commits are kept in order, so what survives is always a prefix, and the next synced commit hardens it all.
   */
  readonly #relaxed: (write: () => void) => void;
  #pendingOutcomes: { row: OutcomeRow; resolve: () => void; reject: (error: unknown) => void }[] = [];
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
    this.#writeOutcomes = db.transaction((rows: readonly OutcomeRow[]) => {
      for (const row of rows) this.#recordOutcome.run(...row);
    });
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
    this.#flushOutcomes();
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
    this.#flushOutcomes();
    const rows = statuses ? this.#selectInstancesWithStatus.all(jobId, peer, JSON.stringify(statuses)) : this.#selectInstances.all(jobId, peer);
    return rows.map((row) =>
      present({
        sourceInstanceId: row.source_instance_id,
        sopInstanceUID: row.sop_instance_uid,
        status: row.status,
        reason: row.reason,
        resultSopInstanceUID: row.result_sop_instance_uid,
        bytes: row.bytes,
      } as InstanceRecord),
    );
  }

  /**
   * Group commit: outcomes recorded while one commit is pending are written together in one transaction, as a
   * share records one outcome per instance. Each caller's promise resolves once its outcome is committed.
   */
  recordOutcome(jobId: string, peer: string, sourceInstanceId: string, outcome: InstanceOutcome): Promise<void> {
    return new Promise((resolve, reject) => {
      const row: OutcomeRow = [outcome.status, outcome.reason ?? null, outcome.resultSopInstanceUID ?? null, outcome.bytes ?? null, jobId, peer, sourceInstanceId];
      this.#pendingOutcomes.push({ row, resolve, reject });
      if (this.#pendingOutcomes.length === 1) setImmediate(() => this.#flushOutcomes());
    });
  }

  /** Writes the outcomes waiting for a group commit; other writes to instances call it first to keep their order. */
  #flushOutcomes(): void {
    const batch = this.#pendingOutcomes;
    if (batch.length === 0) return;
    this.#pendingOutcomes = [];
    try {
      this.#relaxed(() => this.#writeOutcomes(batch.map((pending) => pending.row)));
      for (const pending of batch) pending.resolve();
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }

  async confirm(jobId: string, peer: string, sourceInstanceIds: readonly string[]): Promise<void> {
    this.#flushOutcomes();
    this.#relaxed(() => this.#confirmAtomically(jobId, peer, sourceInstanceIds));
  }

  async failOpen(jobId: string, peer: string, reason: string): Promise<number> {
    this.#flushOutcomes();
    return this.#failOpen.run(reason, jobId, peer).changes;
  }

  async countByStatus(): Promise<Record<ShareStatus, number>> {
    const counts: Record<ShareStatus, number> = { queued: 0, running: 0, done: 0, partial: 0, failed: 0 };
    for (const row of this.#countJobs.all()) counts[row.status] = row.n;
    return counts;
  }

  #toJob(row: JobRow): ShareJob {
    const targets = this.#selectTargets.all(row.id).map((target) => this.#toTarget(row.id, target));
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

  #toTarget(jobId: string, row: TargetRow): ShareTarget {
    const counts: { -readonly [K in keyof InstanceCounts]: number } = { ...EMPTY_COUNTS };
    for (const { status, n } of this.#countInstances.all(jobId, row.peer)) {
      counts[status] = n;
      counts.total += n;
    }
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
}
