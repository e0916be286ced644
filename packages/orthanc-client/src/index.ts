export { OrthancClient } from './orthanc-client.js';
export type { OrthancClientOptions, StudyQuery, FindOptions } from './orthanc-client.js';
export { OrthancRequestError, OrthancJobError } from './errors.js';
export type { JobRunOptions, JobWaitOptions } from './job-waiting.js';
export { backoffDelayMs, isTransient, retryPolicy, withRetries, type RetryOptions, type RetryPolicy } from './retry-policy.js';
export type { UploadBody } from './request-body.js';
export type * from './orthanc-types.js';
