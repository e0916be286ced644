import type pg from 'pg';

import type { AuditEvent, AuditLog, AuditQuery, AuditRecord } from '../audit-log.js';
import { auditConditions, toAuditRecord, type AuditRow } from '../audit-rows.js';

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
    return toAuditRecord(row);
  }

  async query(query: AuditQuery): Promise<AuditRecord[]> {
    const conditions = auditConditions(query, (placeholder) => `${placeholder}::timestamptz`);
    const params = conditions.map(([, value]) => value);
    // Numbered placeholders in the order of the values.
    const where = conditions.map(([clause], index) => clause.replace('?', `$${index + 1}`));
    params.push(query.limit);
    const sql = `SELECT * FROM audit_event ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT $${params.length}`;
    return (await this.pool.query<AuditRow>(sql, params)).rows.map(toAuditRecord);
  }
}
