/** The current time as SQLite writes it: ISO 8601 UTC with milliseconds, so it sorts and parses like JS dates. */
export const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
