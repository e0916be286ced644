import type pg from 'pg';

import type { AuditEvent, AuditLog, AuditQuery, AuditRecord } from '../audit-log.js';

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  peer: string | null;
  job_id: string | null;
  profile_id: string | null;
  profile_sha256: string | null;
  details: Record<string, unknown> | null;
}

function toRecord(row: AuditRow): AuditRecord {
  const record: { -readonly [K in keyof AuditRecord]: AuditRecord[K] } = { seq: row.seq, at: row.at, actor: row.actor, role: row.role, action: row.action };
  if (row.peer !== null) record.peer = row.peer;
  if (row.job_id !== null) record.jobId = row.job_id;
  if (row.profile_id !== null) record.profileId = row.profile_id;
  if (row.profile_sha256 !== null) record.profileSha256 = row.profile_sha256;
  if (row.details !== null) record.details = row.details;
  return record;
}

export class PostgresAuditLog implements AuditLog {
  constructor(private readonly pool: pg.Pool) {}

  async append(event: AuditEvent): Promise<AuditRecord> {
    const { rows } = await this.pool.query<AuditRow>(
      `INSERT INTO audit_event (actor, role, action, peer, job_id, profile_id, profile_sha256, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [event.actor, event.role, event.action, event.peer ?? null, event.jobId ?? null, event.profileId ?? null, event.profileSha256 ?? null, event.details === undefined ? null : JSON.stringify(event.details)],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('The audit log returned no row; the state database may be damaged.');
    return toRecord(row);
  }

  async query(query: AuditQuery): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (query.action !== undefined) add('action = ?', query.action);
    if (query.actor !== undefined) add('actor = ?', query.actor);
    if (query.peer !== undefined) add('peer = ?', query.peer);
    if (query.jobId !== undefined) add('job_id = ?', query.jobId);
    if (query.since !== undefined) add('at >= ?::timestamptz', query.since);
    if (query.until !== undefined) add('at <= ?::timestamptz', query.until);
    if (query.afterSeq !== undefined) add('seq > ?', query.afterSeq);
    params.push(query.limit);
    const sql = `SELECT * FROM audit_event ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT $${params.length}`;
    return (await this.pool.query<AuditRow>(sql, params)).rows.map(toRecord);
  }
}
