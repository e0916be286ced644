import type { Database, Statement } from 'better-sqlite3';

import type { AuditEvent, AuditLog, AuditQuery, AuditRecord } from '../audit-log.js';
import { auditConditions, toAuditRecord, type AuditRow } from '../audit-rows.js';

export class SqliteAuditLog implements AuditLog {
  readonly #insert: Statement<[string, string, string, string | null, string | null, string | null, string | null, string | null], AuditRow>;

  constructor(private readonly db: Database) {
    this.#insert = db.prepare(
      `INSERT INTO audit_event (actor, role, action, peer, job_id, profile_id, profile_sha256, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    );
  }

  async append(event: AuditEvent): Promise<AuditRecord> {
    const row = this.#insert.get(
      event.actor,
      event.role,
      event.action,
      event.peer ?? null,
      event.jobId ?? null,
      event.profileId ?? null,
      event.profileSha256 ?? null,
      event.details === undefined ? null : JSON.stringify(event.details),
    );
    if (row === undefined) throw new Error('The audit log returned no row; the state file may be damaged.');
    return toAuditRecord(row);
  }

  async query(query: AuditQuery): Promise<AuditRecord[]> {
    const conditions = auditConditions(query);
    const where = conditions.map(([clause]) => clause);
    const params = conditions.map(([, value]) => value);
    const sql = `SELECT * FROM audit_event ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ?`;
    return this.db.prepare<unknown[], AuditRow>(sql).all(...params, query.limit).map(toAuditRecord);
  }
}
