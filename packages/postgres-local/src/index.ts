export { postgresAvailable, startPostgres } from './start-postgres.js';
export type { LocalPostgres } from './start-postgres.js';
