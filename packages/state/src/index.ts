export type { StateStore } from './state-store.js';
export type {
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
  ShareTargetSpec,
  SourceInstance,
} from './share-jobs.js';
export type { AuditEvent, AuditLog, AuditQuery, AuditRecord } from './audit-log.js';
export type { ErasureRecord, ErasureStatus, ShareLedger, ShareRecord, ShareRecordInput } from './share-ledger.js';
export { ERASURE_STATUSES } from './share-ledger.js';
export { INSTANCE_STATUSES, JOB_ORIGINS, SHARE_STATUSES, UNSHARED_INSTANCE_STATUSES, type UnsharedInstanceStatus } from './share-jobs.js';
export type { PeerSetting, PeerSettingsStore } from './peer-settings.js';
export { openStateStore } from './sqlite/open-state-store.js';
export { openPostgresStateStore } from './postgres/open-postgres-store.js';
export { isDatabaseUnavailable } from './database-unavailable.js';
export type { PostgresLocation } from './postgres/connection.js';
export type { OfferClaim, QueueDepth, SharedWorkQueue, TargetClaim } from './shared-work-queue.js';
export { assertStateOutsideOutput, defaultStatePath } from './state-path.js';
export type { ProjectSecretFile } from './secret-file.js';
export { readSecretFile } from './secret-file.js';
