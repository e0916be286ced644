import type { AuditQuery, AuditRecord } from './audit-log.js';

/** An audit_event row as both SQL dialects return it; `details` is JSON text (SQLite) or already parsed (PostgreSQL). */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  peer: string | null;
  job_id: string | null;
  profile_id: string | null;
  profile_sha256: string | null;
  details: string | Record<string, unknown> | null;
}

export function toAuditRecord(row: AuditRow): AuditRecord {
  const record: { -readonly [K in keyof AuditRecord]: AuditRecord[K] } = { seq: row.seq, at: row.at, actor: row.actor, role: row.role, action: row.action };
  if (row.peer !== null) record.peer = row.peer;
  if (row.job_id !== null) record.jobId = row.job_id;
  if (row.profile_id !== null) record.profileId = row.profile_id;
  if (row.profile_sha256 !== null) record.profileSha256 = row.profile_sha256;
  if (row.details !== null) record.details = typeof row.details === 'string' ? (JSON.parse(row.details) as Record<string, unknown>) : row.details;
  return record;
}

/**
 * The query's filters as `column op ?` conditions with their values, in order; `time` wraps a time bound's
 * placeholder for the dialect (PostgreSQL compares timestamps, SQLite ISO text).
 */
export function auditConditions(query: AuditQuery, time: (placeholder: string) => string = (placeholder) => placeholder): Array<[string, unknown]> {
  const conditions: Array<[string, unknown]> = [];
  if (query.action !== undefined) conditions.push(['action = ?', query.action]);
  if (query.actor !== undefined) conditions.push(['actor = ?', query.actor]);
  if (query.peer !== undefined) conditions.push(['peer = ?', query.peer]);
  if (query.jobId !== undefined) conditions.push(['job_id = ?', query.jobId]);
  if (query.since !== undefined) conditions.push([`at >= ${time('?')}`, query.since]);
  if (query.until !== undefined) conditions.push([`at <= ${time('?')}`, query.until]);
  if (query.afterSeq !== undefined) conditions.push(['seq > ?', query.afterSeq]);
  return conditions;
}
