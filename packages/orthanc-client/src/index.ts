export { OrthancClient } from './orthanc-client.js';
export type { OrthancClientOptions, StudyQuery, FindOptions } from './orthanc-client.js';
export { OrthancRequestError, OrthancJobError } from './errors.js';
export type { JobRunOptions, JobWaitOptions } from './job-waiting.js';
export type { RetryOptions } from './retry-policy.js';
export type { UploadBody } from './request-body.js';
export type * from './orthanc-types.js';
