/**
 * The state's enumerations, each spelled out once. The SQL CHECK constraints are generated from these
 * constants (`sqlOneOf`), and so are the /api/v1 contract's enums (@deid-share/api-contract): add a value
 * here and the tables, the API and the viewer follow. This module imports nothing, so the browser bundle of
 * the OHIF extension can take it (subpath `@deid-share/state/statuses`) without the SQLite store.
 */

/** Of a job and of each of its targets: `queued` → `running` → `done` | `partial` | `failed`. */
export const SHARE_STATUSES = ['queued', 'running', 'done', 'partial', 'failed'] as const;
export type ShareStatus = (typeof SHARE_STATUSES)[number];

/**
 * Of one instance for one target. `pending`: not handled yet; `pushed`: the peer acknowledged the upload;
 * `confirmed`: the peer was checked to hold it; `withheld` / `refused`: the engine would not release it;
 * `failed`: not delivered.
 */
export const INSTANCE_STATUSES = ['pending', 'pushed', 'confirmed', 'withheld', 'refused', 'failed'] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

/** The instance statuses that mean "not shared": each comes with a reason the user is shown. */
export const UNSHARED_INSTANCE_STATUSES = ['withheld', 'refused', 'failed'] as const satisfies readonly InstanceStatus[];
export type UnsharedInstanceStatus = (typeof UNSHARED_INSTANCE_STATUSES)[number];

/** `request`: a user asked (API); `auto`: a routing rule matched a stable study (webhook). */
export const JOB_ORIGINS = ['request', 'auto'] as const;
export type JobOrigin = (typeof JOB_ORIGINS)[number];

/** Of an erasure: every copy deleted, some not (or a peer keeps no linkage), or no peer could be searched. */
export const ERASURE_STATUSES = ['complete', 'incomplete', 'impossible'] as const;
export type ErasureStatus = (typeof ERASURE_STATUSES)[number];
