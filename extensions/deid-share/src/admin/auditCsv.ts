import type { AuditEvent } from './types.js';

const COLUMNS = ['seq', 'at', 'actor', 'role', 'action', 'peer', 'jobId', 'profileId', 'profileSha256', 'details'] as const;

/** RFC 4180: quoted when needed, quotes doubled; a leading = + - @ is neutralised so a spreadsheet does not run it. */
function field(value: unknown): string {
  let text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The audit events as CSV, one line per event, details as JSON. */
export function auditCsv(events: readonly AuditEvent[]): string {
  const lines = [COLUMNS.join(',')];
  for (const event of events) lines.push(COLUMNS.map((column) => field(event[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
