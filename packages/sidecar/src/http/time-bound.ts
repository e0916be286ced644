/**
 * A query's time bound as the stores compare it (ISO 8601 UTC text, like their `at` and `createdAt`): a date alone
 * covers the whole UTC day, so `since` starts at its first millisecond and `until` ends at its last; an instant
 * with an offset is converted to UTC.
 */
export function utcBound(value: string, side: 'start' | 'end'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}${side === 'start' ? 'T00:00:00.000Z' : 'T23:59:59.999Z'}`;
  return new Date(value).toISOString();
}
